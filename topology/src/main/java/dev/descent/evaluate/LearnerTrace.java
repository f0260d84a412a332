package dev.descent.evaluate;

import dev.descent.model.PrequentialScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One learner's course through a prequential pass: its overall score, and how its loss fell
 * record by record, so learning rates can be compared by how fast they settle and not only by
 * where they end. Shared by {@code evaluate} and {@code replay}.
 *
 * <p>The loss followed is the squared error in label units, whatever loss the learner trains on
 * and however it scales its target, so every learner is measured with the same ruler. Every
 * record's squared error is kept (8 bytes a record), because convergence is judged backwards
 * from the end.
 *
 * <p>The curve is that error smoothed over about {@value #WINDOW} records, bias-corrected like
 * Adam's moments so the first records are not pulled towards zero:
 *
 * <pre>
 *   m_t = (1 − α) m_{t−1} + α e_t²,   s_t = m_t / (1 − (1 − α)^t),   α = 1/{@value #WINDOW}
 * </pre>
 *
 * <p>Steps to convergence: the first record from which the loss, averaged over the
 * {@value #WINDOW} records centred on it, stays within a band around its final value (the mean
 * over the last {@value #WINDOW} records). The band is 5% of the final value, widened to five
 * standard errors of the difference of two such averages when the data are noisier than that:
 * squared errors are so noisy (a relative spread of √2 for Gaussian residuals, more with heavy
 * tails) that an average of 1,000 of them wobbles by 5% by itself, and a bare 5% rule would then
 * report noise, typically a record near the end of the run. A centred average has no lag, so the
 * answer is accurate to about half a window.
 */
public final class LearnerTrace {
    static final int WINDOW = 1000;
    /** Settled means within this fraction of the final loss, unless noise needs a wider band. */
    static final double BAND = 0.05;
    /** Standard errors of the difference between two window averages that the band spans at least. */
    static final double NOISE_BAND = 5;
    private static final double ALPHA = 1.0 / WINDOW;

    private final PrequentialScore score;
    private double[] squaredErrors = new double[1024];
    private int records;

    public LearnerTrace(int window) {
        score = new PrequentialScore(window);
    }

    /**
     * The prediction made for a labeled record before learning it. A non-finite prediction (a
     * diverged learner) is not counted: the score and curve describe the predictions it could make.
     */
    public void add(double prediction, double target) {
        if (!Double.isFinite(prediction)) {
            return;
        }
        score.add(prediction, target);
        double e = target - prediction;
        if (records == squaredErrors.length) {
            squaredErrors = Arrays.copyOf(squaredErrors, records * 2);
        }
        squaredErrors[records++] = e * e;
    }

    public PrequentialScore score() {
        return score;
    }

    /** The first record (1-based) from which the loss stays settled (see above); null before any record. */
    public Long stepsToConvergence() {
        if (records == 0) {
            return null;
        }
        int n = records;
        int width = Math.min(WINDOW, n);
        int half = width / 2;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + squaredErrors[i];
        }
        double last = (prefix[n] - prefix[n - width]) / width;
        double variance = 0;
        for (int i = n - width; i < n; i++) {
            double d = squaredErrors[i] - last;
            variance += d * d;
        }
        double standardError = Math.sqrt(2 * variance / width) / Math.sqrt(width);
        double band = Math.max(BAND * last, NOISE_BAND * standardError);
        // Records within half a window of the end have truncated windows: they only count as settled.
        int t = n - half;
        while (t > 1) {
            int i = t - 2;  // the record before t, 0-based
            int from = Math.max(0, i - half);
            int to = Math.min(n, i + half + 1);
            double average = (prefix[to] - prefix[from]) / (to - from);
            if (Math.abs(average - last) > band) {
                break;
            }
            t--;
        }
        return (long) Math.max(1, t);
    }

    /**
     * At most {@code maxPoints} points {record, smoothed RMSE in label units} at evenly spaced
     * records, always the first and the last: enough to draw, small enough for a report.
     */
    public List<double[]> curve(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points (first and last), got " + maxPoints);
        }
        int points = Math.min(records, maxPoints);
        List<double[]> curve = new ArrayList<>(points);
        double mean = 0;
        double retained = 1;    // (1 − α)^t
        int i = 0;
        for (int j = 0; j < points; j++) {
            // round(j (n − 1) / (points − 1)) in whole numbers: 0 for the first point, n − 1 for the last
            int next = points == 1 ? 0 : (int) ((2L * j * (records - 1) + points - 1) / (2L * (points - 1)));
            for (; i <= next; i++) {
                mean = (1 - ALPHA) * mean + ALPHA * squaredErrors[i];
                retained *= 1 - ALPHA;
            }
            curve.add(new double[] {next + 1, Math.sqrt(mean / (1 - retained))});
        }
        return curve;
    }
}
