package dev.descent.evaluate;

import java.util.List;
import java.util.Locale;

/**
 * A replay with model keys: the keys' learners against the global learners, on the same labeled
 * records. Every RMSE is prequential, of predictions made before the record was learned, in label
 * units; a learner that predicted a non-finite price is left out of a figure, as {@link LearnerTrace}
 * leaves the prediction out.
 *
 * @param field         the record field whose value is the model key
 * @param globalLearner the global learner compared with: the report's best; null when there is none (every
 *                      global learner diverged or predicted no labeled record)
 * @param all           every labeled record, with a key or without
 * @param keys          every key with a labeled record, most records first (then by key)
 */
public record KeyedComparison(String field, String globalLearner, Summary all, List<KeyRow> keys) {
    /** Keys in the table, the busiest: the JSON has every one, and a table of 10,000 rows is not read. */
    public static final int TABLE_KEYS = 20;

    public KeyedComparison {
        keys = List.copyOf(keys);
    }

    /**
     * One key's labeled records.
     *
     * @param bestLearner the key's learner with the lowest RMSE on them, of those that predicted every one
     *                    with a finite price; {@code bestRmse} its RMSE
     * @param globalRmse  the global learner's on the same records; null when the global learners did not
     *                    predict them (keys alone: {@code --no-key-fallback --no-warm-start})
     * @param servedRmse  of the prices served: the key's champion's, or a young key's the global champion's
     */
    public record KeyRow(String key, long records, String bestLearner, Double bestRmse, Double globalRmse,
                         Double servedRmse) {
    }

    /**
     * Every labeled record.
     *
     * @param records        labeled records, {@code unkeyedRecords} of them without the key field (the global
     *                       learners' alone)
     * @param globalRecords  labeled records the global learners predicted: every one, but with keys alone
     *                       ({@code --no-key-fallback --no-warm-start}) only those without a key
     * @param keyedBest      the learner whose copies did best over every key's records together (those with a
     *                       key), as the demo's verdict names it; {@code keyedBestRmse} their RMSE
     * @param servedRmse     of every price served
     * @param globalRmse     the global learner's on every record; null when the global learners did not predict
     *                       every one (keys alone)
     * @param servedVsGlobal {@code servedRmse / globalRmse − 1}: negative when the keys' prices were better
     */
    public record Summary(long records, long unkeyedRecords, long globalRecords, String keyedBest, Double keyedBestRmse, Double servedRmse,
                          Double globalRmse, Double servedVsGlobal) {
    }

    /** The section of a report's table: the busiest {@value #TABLE_KEYS} keys, then every record. */
    String toTable() {
        List<KeyRow> shown = keys.subList(0, Math.min(TABLE_KEYS, keys.size()));
        String allLabel = "all records";
        int keyWidth = Math.max(allLabel.length(), shown.stream().mapToInt(k -> k.key().length()).max().orElse(0));
        int learnerWidth = Math.max(10, Math.max(all.keyedBest() == null ? 0 : all.keyedBest().length(),
                shown.stream().mapToInt(k -> k.bestLearner() == null ? 1 : k.bestLearner().length()).max().orElse(0)));
        String format = "%-" + keyWidth + "s %9s  %-" + learnerWidth + "s %11s %12s %12s%s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "keyed by %s: %,d key%s%s, each %s%n", field,
                keys.size(), keys.size() == 1 ? "" : "s", all.unkeyedRecords() == 0 ? ""
                        : String.format(Locale.ROOT, " (and %,d labeled records without one)", all.unkeyedRecords()),
                globalLearner == null ? "with no global learner to compare with"
                        : "against the best global learner, " + globalLearner + ", on the same records"));
        out.append(String.format(Locale.ROOT, format, "key", "records", "key's best", "RMSE", "global RMSE",
                "served RMSE", ""));
        for (KeyRow k : shown) {
            out.append(String.format(Locale.ROOT, format, k.key(), count(k.records()), orDash(k.bestLearner()),
                    Report.number(k.bestRmse()), Report.number(k.globalRmse()), Report.number(k.servedRmse()), ""));
        }
        if (keys.size() > shown.size()) {
            out.append(String.format(Locale.ROOT, "… %,d more keys, %,d records, in report.json%n",
                    keys.size() - shown.size(), keys.subList(shown.size(), keys.size()).stream()
                            .mapToLong(KeyRow::records).sum()));
        }
        out.append(String.format(Locale.ROOT, format, allLabel, count(all.records()), orDash(all.keyedBest()),
                Report.number(all.keyedBestRmse()), Report.number(all.globalRmse()), Report.number(all.servedRmse()),
                verdict()));
        return out.toString();
    }

    /** How the prices served did against the global learner, e.g. "  served 18.2% lower than global". */
    private String verdict() {
        if (all.globalRecords() < all.records()) {
            return String.format(Locale.ROOT, "  (keys alone: the global learners predicted only the %,d records without"
                    + " a key)", all.globalRecords());
        }
        if (all.servedVsGlobal() == null) {
            return "";
        }
        double difference = all.servedVsGlobal();
        return String.format(Locale.ROOT, "  served %.1f%% %s than global", 100 * Math.abs(difference),
                difference <= 0 ? "lower" : "higher");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
