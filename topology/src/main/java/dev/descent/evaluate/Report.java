package dev.descent.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict of a prequential pass: where the rows came from, and one line per learner, with
 * the best learner named and why. Rendered as a table for people or JSON for programs.
 *
 * @param source      the file (or topic range) the rows came from
 * @param rows        data rows read, bad ones included
 * @param badRows     rows skipped because they could not be parsed
 * @param unlabeledRows rows that were only predicted
 * @param shuffleSeed the seed of the row order, null for the source's own order (a file's lines, a replay's records)
 * @param parseRowsPerSecond rows split and encoded per second (not part of the learners' figures)
 * @param ranking     learner ids, best first: those that did not diverge by prequential RMSE, then
 *                    the diverged ones by RMSE (ties and missing RMSEs keep configuration order)
 * @param best        id of the learner with the lowest prequential RMSE that did not diverge, or null
 * @param bestReason  why it is the best, in words
 * @param unknownCategories per categorical column, values that are none of its categories (encoded as all
 *                    zeros); empty for a replay
 * @param threads     learners learning at once ({@code evaluate}); null for a replay
 * @param wallSeconds the whole pass, reading included, by the clock on the wall; null for a replay
 * @param peakResidentBytes the process's peak resident memory (Linux), or null
 * @param labelDelay  how late the labels came ({@code evaluate --delay-days}); null, and absent from the JSON, when
 *                    every label came at once
 * @param keyed       with model keys ({@code replay --model-key}), the keys' learners against the global ones, whose
 *                    rows {@code learners} are; null, and absent from the JSON, without
 */
public record Report(
        String source,
        long rows,
        long badRows,
        long unlabeledRows,
        int features,
        Long shuffleSeed,
        Double parseRowsPerSecond,
        List<LearnerResult> learners,
        List<String> ranking,
        String best,
        String bestReason,
        Map<String, Long> unknownCategories,
        Integer threads,
        Double wallSeconds,
        Long peakResidentBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) LabelDelay labelDelay,
        @JsonInclude(JsonInclude.Include.NON_NULL) KeyedComparison keyed) {

    /**
     * Rows listed at {@code listingsPerDay} a day, each sold {@code days} after its listing.
     *
     * @param pendingAtLastListing sales not yet closed when the last row was listed, learned after it
     */
    public record LabelDelay(double days, double listingsPerDay, long pendingAtLastListing) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static Report of(String source, long rows, long badRows, long unlabeledRows, int features,
                            Long shuffleSeed, Double parseRowsPerSecond, List<LearnerResult> learners) {
        List<LearnerResult> ranked = learners.stream()
                .sorted(Comparator.comparing(LearnerResult::diverged)
                        .thenComparing(LearnerResult::rmse, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        Optional<LearnerResult> best = ranked.stream().findFirst().filter(l -> !l.diverged() && l.rmse() != null);
        long healthy = learners.stream().filter(l -> !l.diverged()).count();
        String reason = best.map(b -> String.format(Locale.ROOT,
                        "lowest prequential RMSE (%,.4g) among the %d of %d learners that did not diverge",
                        b.rmse(), healthy, learners.size()))
                .orElse("every learner diverged or saw no labeled rows");
        return new Report(source, rows, badRows, unlabeledRows, features, shuffleSeed, parseRowsPerSecond,
                List.copyOf(learners), ranked.stream().map(LearnerResult::id).toList(),
                best.map(LearnerResult::id).orElse(null), reason, Map.of(), null, null, null, null, null);
    }

    /** This report with what reading the file found and how the pass ran. */
    public Report withRun(Map<String, Long> unknownCategories, int threads, double wallSeconds, Long peakResidentBytes) {
        return new Report(source, rows, badRows, unlabeledRows, features, shuffleSeed, parseRowsPerSecond, learners,
                ranking, best, bestReason, Map.copyOf(unknownCategories), threads, wallSeconds, peakResidentBytes,
                labelDelay, keyed);
    }

    /** This report with the labels' delay: a delayed RMSE column in the table. */
    public Report withLabelDelay(SaleTiming timing, long pendingAtLastListing) {
        return new Report(source, rows, badRows, unlabeledRows, features, shuffleSeed, parseRowsPerSecond, learners,
                ranking, best, bestReason, unknownCategories, threads, wallSeconds, peakResidentBytes,
                new LabelDelay(timing.delayDays(), timing.listingsPerDay(), pendingAtLastListing), keyed);
    }

    /** This report with the keys' learners against the global ones: a section after the learners' rows. */
    public Report withKeyed(KeyedComparison comparison) {
        return new Report(source, rows, badRows, unlabeledRows, features, shuffleSeed, parseRowsPerSecond, learners,
                ranking, best, bestReason, unknownCategories, threads, wallSeconds, peakResidentBytes, labelDelay,
                comparison);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report is not serializable", e);
        }
    }

    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %,d rows (%,d bad, %,d unlabeled), %d features, %s%n",
                source, rows, badRows, unlabeledRows, features,
                shuffleSeed == null ? "in source order" : "shuffled with seed " + shuffleSeed));
        if (parseRowsPerSecond != null) {
            out.append(String.format(Locale.ROOT, "parsing: %s rows/s (not included in the learners' rows/s)%n",
                    rate(parseRowsPerSecond)));
        }
        if (wallSeconds != null) {
            out.append(String.format(Locale.ROOT, "wall time: %.2f s with %d thread%s%s%n", wallSeconds, threads,
                    threads == 1 ? "" : "s", peakResidentBytes == null ? ""
                            : String.format(Locale.ROOT, ", peak resident memory %,d MB", peakResidentBytes >> 20)));
        }
        if (labelDelay != null) {
            out.append(String.format(Locale.ROOT, "label delay: rows sell %s days after listing, %s listed a day (%,d"
                    + " sales pending at the last listing, learned after it)%ndelayed RMSE: of the prices predicted at"
                    + " listing; RMSE: of those predicted at the sale, just before learning%n", decimal(labelDelay.days()),
                    decimal(labelDelay.listingsPerDay()), labelDelay.pendingAtLastListing()));
        }
        // The delayed RMSE columns, when there are, follow the RMSE; without, their place prints nothing.
        String delayedColumns = labelDelay == null ? "%s%s" : " %12s %15s";
        int width = Math.max(7, learners.stream().mapToInt(l -> l.id().length()).max().orElse(7));
        String format = "%4s %-" + width + "s %8s %11s" + delayedColumns + " %11s %7s %12s %9s %9s %10s %10s %10s  %s%n";
        out.append(String.format(Locale.ROOT, format, "rank", "learner", "rows", "RMSE",
                labelDelay == null ? "" : "delayed RMSE",
                labelDelay == null ? "" : "delayed last " + (learners.isEmpty() ? "" : shortCount(learners.get(0).window())),
                "MAE", "R²",
                "RMSE last " + (learners.isEmpty() ? "" : shortCount(learners.get(0).window())),
                "settled@", "rows/s", "rate", "2/λmax ", "1/max‖x‖² ", "status"));
        boolean frozenBounds = false;
        for (String id : ranking) {
            LearnerResult l = learners.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
            String status = l.diverged()
                    ? String.format(Locale.ROOT, "diverged@%,d (%s)", l.divergedAtRow(), l.divergence())
                    : l.status();
            frozenBounds |= l.diverged() && (l.stabilityBound() != null || l.perSampleBound() != null);
            out.append(String.format(Locale.ROOT, format, ranking.indexOf(id) + 1, l.id(),
                    String.format(Locale.ROOT, "%,d", l.rows()),
                    number(l.rmse()), labelDelay == null ? "" : number(l.delayedRmse()),
                    labelDelay == null ? "" : number(l.delayedRecentRmse()), number(l.mae()), l.r2() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.r2()),
                    number(l.recentRmse()),
                    l.stepsToConvergence() == null ? "-" : String.format(Locale.ROOT, "%,d", l.stepsToConvergence()),
                    l.rowsPerSecond() == null ? "-" : rate(l.rowsPerSecond()),
                    String.format(Locale.ROOT, "%.3g", l.learningRate()),
                    bound(l.stabilityBound(), l.diverged()), bound(l.perSampleBound(), l.diverged()), status));
        }
        if (frozenBounds) {
            out.append("* at divergence: a diverged learner's stability bounds stop at the row it diverged\n");
        }
        out.append(best == null ? "best: none — " + bestReason : "best: " + best + " — " + bestReason).append('\n');
        if (keyed != null) {
            out.append(keyed.toTable());
        }
        return out.toString();
    }

    /** 2 as "2", 1.5 as "1.5", with thousands separated. */
    private static String decimal(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : Double.toString(v);
    }

    static String number(Double v) {
        if (v == null) {
            return "-";
        }
        return Math.abs(v) < 1e9 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** A bound, marked {@code *} when it stopped at divergence; a blank in the mark's place keeps the digits aligned. */
    private static String bound(Double v, boolean atDivergence) {
        return (v == null ? "-" : String.format(Locale.ROOT, "%.3g", v)) + (atDivergence && v != null ? "*" : " ");
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String shortCount(int n) {
        return n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
    }
}
