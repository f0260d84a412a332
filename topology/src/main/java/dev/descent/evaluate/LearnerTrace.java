package dev.descent.evaluate;

import dev.descent.model.ErrorWindows;
import dev.descent.model.PrequentialScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One learner's course through a prequential pass: its overall score, its recent
 * {@link ErrorWindows} (what its {@link dev.descent.model.LearnerStatus} is judged on), and how its
 * loss fell record by record, so learning rates can be compared by how fast they settle and not
 * only by where they end. Shared by {@code evaluate} and {@code replay}.
 *
 * <p>The loss followed is the squared error in label units, whatever loss the learner trains on
 * and however it scales its target, so every learner is measured with the same ruler.
 * Convergence is judged backwards from the end, so the errors are kept: each record's own up to
 * {@value #CAPACITY} records, then sums over blocks of 2, 4, 8… consecutive records (pairs of
 * blocks merge whenever the array is full), so a trace never takes more than 8 MB however long
 * the stream. Past that point the figures below are computed on the blocks, each block's
 * records taken at its mean: good to a block, which stays under the window up to half a billion
 * records.
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
    /** The smoothing and settling window: the status's window, so both speak of the same stretch. */
    static final int WINDOW = ErrorWindows.DEFAULT_WINDOW;
    /** Settled means within this fraction of the final loss, unless noise needs a wider band. */
    static final double BAND = 0.05;
    /** Standard errors of the difference between two window averages that the band spans at least. */
    static final double NOISE_BAND = 5;
    /** Records kept one by one; beyond, blocks (a power of two, even). */
    static final int CAPACITY = 1 << 20;
    private static final double ALPHA = 1.0 / WINDOW;

    private final PrequentialScore score;
    private final ErrorWindows windows = new ErrorWindows(WINDOW);
    private final int capacity;
    private double[] sums;
    private int blocks;         // full blocks in sums
    private int blockSize = 1;  // records per full block
    private double partialSum;  // the block being filled
    private int partialCount;
    private long records;

    public LearnerTrace(int window) {
        this(window, CAPACITY);
    }

    LearnerTrace(int window, int capacity) {
        score = new PrequentialScore(window);
        this.capacity = capacity;
        sums = new double[Math.min(1024, capacity)];
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
        windows.add(prediction, target);
        double e = target - prediction;
        partialSum += e * e;
        records++;
        if (++partialCount == blockSize) {
            if (blocks == sums.length && blocks < capacity) {
                sums = Arrays.copyOf(sums, Math.min(capacity, 2 * blocks));
            } else if (blocks == sums.length) {
                for (int i = 0; i < blocks / 2; i++) {
                    sums[i] = sums[2 * i] + sums[2 * i + 1];
                }
                blocks /= 2;
                blockSize *= 2;
                if (partialCount < blockSize) {
                    return;
                }
            }
            sums[blocks++] = partialSum;
            partialSum = 0;
            partialCount = 0;
        }
    }

    public PrequentialScore score() {
        return score;
    }

    public ErrorWindows windows() {
        return windows;
    }

    /** The blocks, the partial one last: {@code count(j)} records summing to {@code sum(j)}. */
    private int blockCount() {
        return blocks + (partialCount > 0 ? 1 : 0);
    }

    private double sum(int j) {
        return j < blocks ? sums[j] : partialSum;
    }

    private int count(int j) {
        return j < blocks ? blockSize : partialCount;
    }

    /** The first record (1-based) from which the loss stays settled (see above); null before any record. */
    public Long stepsToConvergence() {
        if (records == 0) {
            return null;
        }
        int n = blockCount();
        int width = (int) Math.min(Math.max(1, WINDOW / blockSize), n);
        int half = width / 2;
        double[] prefix = new double[n + 1];
        long[] counted = new long[n + 1];
        for (int j = 0; j < n; j++) {
            prefix[j + 1] = prefix[j] + sum(j);
            counted[j + 1] = counted[j] + count(j);
        }
        long tail = counted[n] - counted[n - width];
        double last = (prefix[n] - prefix[n - width]) / tail;
        // Σ c²(mean − last)²: each record's (e² − last)² when blocks are single records
        double variance = 0;
        for (int j = n - width; j < n; j++) {
            double d = sum(j) - count(j) * last;
            variance += d * d;
        }
        double standardError = Math.sqrt(2 * variance / tail) / Math.sqrt(tail);
        double band = Math.max(BAND * last, NOISE_BAND * standardError);
        // Blocks within half a window of the end have truncated windows: they only count as settled.
        int t = n - half;
        while (t > 1) {
            int i = t - 2;  // the block before t, 0-based
            int from = Math.max(0, i - half);
            int to = Math.min(n, i + half + 1);
            double average = (prefix[to] - prefix[from]) / (counted[to] - counted[from]);
            if (Math.abs(average - last) > band) {
                break;
            }
            t--;
        }
        return Math.max(1, (long) (t - 1) * blockSize + 1);
    }

    /**
     * At most {@code maxPoints} points {record, smoothed RMSE in label units} at evenly spaced
     * records, always the first and the last: enough to draw, small enough for a report.
     */
    public List<double[]> curve(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points (first and last), got " + maxPoints);
        }
        int points = (int) Math.min(records, maxPoints);
        List<double[]> curve = new ArrayList<>(points);
        double mean = 0;
        double retained = 1;    // (1 − α)^t
        int j = 0;              // the block being smoothed in
        int used = 0;           // of its records
        long smoothed = 0;      // records smoothed in so far
        for (int p = 0; p < points; p++) {
            // round(p (n − 1) / (points − 1)) in whole numbers: 0 for the first point, n − 1 for the last
            long next = points == 1 ? 0 : (2L * p * (records - 1) + points - 1) / (2L * (points - 1));
            while (smoothed <= next) {
                // k records of a block, each at its mean: m ← (1 − α)^k m + (1 − (1 − α)^k) mean
                int k = (int) Math.min(count(j) - used, next + 1 - smoothed);
                double keep = k == 1 ? 1 - ALPHA : Math.pow(1 - ALPHA, k);
                mean = keep * mean + (1 - keep) * (sum(j) / count(j));
                retained *= keep;
                smoothed += k;
                used += k;
                if (used == count(j)) {
                    j++;
                    used = 0;
                }
            }
            curve.add(new double[] {next + 1, Math.sqrt(mean / (1 - retained))});
        }
        return curve;
    }
}
