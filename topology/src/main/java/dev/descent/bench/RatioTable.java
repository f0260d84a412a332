package dev.descent.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Apps timed against the first of them, the baseline, and summed up by medians. The apps run
 * round by round (every app once per round, in order) rather than app by app, so that a slow spell
 * of the machine or the JIT warming up weighs on every app alike. A row's ratio is the median of its
 * per-round ratios to the baseline of the same round: a ratio within a round compares apps that ran
 * minutes apart, not a quarter of an hour. A warm-up round may first run every app once, uncounted:
 * in a first round the pass-through and each app's own code run cold, and its ratios stray furthest
 * (listings over the grid: 0.75 to 1.20 in first rounds, 0.60 to 0.92 in later ones; docs/bench.md).
 */
public final class RatioTable {

    /** The round a warm-up run is given: timed like any other, never counted. */
    public static final int WARM_UP = 0;

    /** How to time an app once. */
    @FunctionalInterface
    public interface Timing {
        /** Records per second in round {@code round} (from 1; {@link #WARM_UP} for the warm-up). */
        double recordsPerSecond(int round) throws InterruptedException, IOException;
    }

    /** An app to time: a name, the share of the baseline it must reach (0: none), and how to time it once. */
    public record Row(String name, double target, Timing timing) {
    }

    /** A row's median rate and median ratio to the baseline, over every round. */
    public record Result(String name, double target, double recordsPerSecond, double ratio) {
        public boolean hasTarget() {
            return target > 0;
        }

        public boolean targetMet() {
            return ratio >= target;
        }
    }

    private RatioTable() {
    }

    /**
     * The baseline and those of the other rows whose name contains {@code text}, ignoring case, in
     * their order: a partial table whose ratios are still each against its own round's baseline.
     */
    public static List<Row> only(List<Row> rows, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        List<Row> chosen = new ArrayList<>(List.of(rows.get(0)));
        rows.stream().skip(1).filter(row -> row.name().toLowerCase(Locale.ROOT).contains(wanted)).forEach(chosen::add);
        return chosen;
    }

    /**
     * Times every row {@code rounds} times, round by round, after a warm-up round if {@code warmUp};
     * the first row is the baseline.
     */
    public static List<Result> measure(List<Row> rows, int rounds, boolean warmUp) throws InterruptedException, IOException {
        if (warmUp) {
            for (Row row : rows) {
                row.timing().recordsPerSecond(WARM_UP);
            }
        }
        double[][] rates = new double[rows.size()][rounds];
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < rows.size(); i++) {
                rates[i][round - 1] = rows.get(i).timing().recordsPerSecond(round);
            }
        }
        List<Result> results = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates[i][r] / rates[0][r];
            }
            results.add(new Result(rows.get(i).name(), rows.get(i).target(), median(rates[i]), median(ratios)));
        }
        return results;
    }

    /** The middle value, or the mean of the two middle ones. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
