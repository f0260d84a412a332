package dev.descent.model;

/**
 * Prequential (test-then-train) accuracy of a stream of predictions: every prediction is scored
 * before its label is learned, so the score is an honest out-of-sample estimate.
 *
 * <p>RMSE, MAE and {@code R² = 1 - SSE/SST} over all records (SST about the mean of all labels
 * seen), and the RMSE of the most recent {@code window} records.
 */
public final class PrequentialScore {
    private final double[] recent;
    private long count;
    private int next;
    private double sumSquaredError;
    private double sumAbsoluteError;
    private double labelMean;
    private double labelM2;

    public PrequentialScore(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        recent = new double[window];
    }

    /**
     * A score that goes on from totals kept elsewhere ({@code count} records with these error
     * sums): {@link #rmse()} and {@link #mae()} cover all of them, while the label statistics and
     * the recent window start afresh, so {@link #r2()} and {@link #recentRmse()} cover only what is
     * added from now on.
     */
    public static PrequentialScore resume(int window, long count, double sumSquaredError, double sumAbsoluteError) {
        PrequentialScore score = new PrequentialScore(window);
        score.count = count;
        score.sumSquaredError = sumSquaredError;
        score.sumAbsoluteError = sumAbsoluteError;
        return score;
    }

    public void add(double prediction, double label) {
        double e = label - prediction;
        double se = e * e;
        recent[next] = se;
        next = next + 1 == recent.length ? 0 : next + 1;
        count++;
        sumSquaredError += se;
        sumAbsoluteError += Math.abs(e);
        double d = label - labelMean;
        labelMean += d / count;
        labelM2 += d * (label - labelMean);
    }

    public long count() {
        return count;
    }

    public double sumSquaredError() {
        return sumSquaredError;
    }

    public double sumAbsoluteError() {
        return sumAbsoluteError;
    }

    public double rmse() {
        return count == 0 ? Double.NaN : Math.sqrt(sumSquaredError / count);
    }

    public double mae() {
        return count == 0 ? Double.NaN : sumAbsoluteError / count;
    }

    public double r2() {
        return labelM2 > 0 ? 1 - sumSquaredError / labelM2 : Double.NaN;
    }

    /** RMSE of the last {@code window} records (all of them while fewer were seen); sums the window afresh. */
    public double recentRmse() {
        int k = (int) Math.min(count, recent.length);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += recent[i];
        }
        return k == 0 ? Double.NaN : Math.sqrt(sum / k);
    }

    public int window() {
        return recent.length;
    }
}
