package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Running mean and variance per feature (Welford's algorithm), used to standardize features
 * as they stream in and to impute missing values (NaN) with the running mean.
 *
 * <p>Counts are kept per feature because a missing value does not count towards its
 * feature's statistics; until the first value goes missing all features share one count. The
 * population variance {@code M2/n} is used; a feature whose variance is still zero is only
 * centred.
 *
 * <p>The scale factor {@code s = 1/σ} is tracked after every update without a square root:
 * σ² moves by O(1/n) per record, so one Newton step for the inverse square root,
 * {@code s ← s(3 - σ²s²)/2}, keeps it exact to O(1/n²). When σ² jumps (a rare category's first
 * occurrences, the first records), {@code σ²s²} is far from 1 and the step is not good enough:
 * when {@code Σ_j |σ_j²s_j² - 1|} over the record reaches 0.1 (one feature 10% off), the
 * scales are recomputed exactly. So a feature's z stays within {@code ±√(n-1)} even for a
 * record that moves its statistics a lot.
 *
 * <p>Speed: {@link #learn} runs once per feature per record, the innermost loop of learning.
 * Deciding on the exact fallback per record rather than per feature keeps that loop free of
 * branches (a branch in it, even one never taken, costs more than its arithmetic), one count
 * and one division {@code 1/n} serve all features while none has gone missing, and
 * {@link Math#fma} (one instruction on x86-64 and ARMv8) merges each multiply-add. The loop is
 * bound by the multiplier's throughput (two ports on current x86-64), so the fallback's
 * measure is a sum of absolute values, which takes the adder instead.
 */
public final class Standardizer {
    /** {@code Σ |σ²s² - 1|} from which the Newton step is not trusted. */
    private static final double NEWTON_LIMIT = 0.1;

    private final double[] count;           // per feature, once counts differ; until then sharedCount
    private final double[] mean;
    private final double[] m2;
    private final double[] scale;
    private final double[] inverseCount;    // scratch: 1/n per feature for the record at hand
    private final double[] transformed;     // scratch: the output update() has no use for
    private boolean equalCounts = true;
    private double sharedCount;

    public Standardizer(int features) {
        count = new double[features];
        mean = new double[features];
        m2 = new double[features];
        scale = new double[features];
        inverseCount = new double[features];
        transformed = new double[features];
        Arrays.fill(scale, 1);
    }

    public int size() {
        return mean.length;
    }

    /**
     * Adds one observation; NaN entries are missing and skipped. Per feature:
     * {@code n += 1; μ += (x-μ)/n; M2 += (x-μ_old)(x-μ_new)}.
     */
    public void update(double[] x) {
        learn(x, transformed, true);
    }

    /** {@link #update} then {@link #transform} into {@code out}, in one pass. */
    public void learn(double[] x, double[] out, boolean scaled) {
        if (complete(x)) {
            learnComplete(x, out, scaled);
            return;
        }
        separateCounts();
        double deviation = 0;
        for (int j = 0; j < mean.length; j++) {
            double v = x[j];
            if (v == v) {
                count[j] += 1;
                deviation += add(j, v, 1 / count[j]);
            }
        }
        if (!(deviation < NEWTON_LIMIT)) {
            exactScales();
        }
        transform(x, out, scaled);
    }

    /**
     * {@link #learn} of the single value of a one-feature standardizer (a target), scaled: the
     * same numbers without the loops, which cost more than the arithmetic for one value.
     */
    public double learn(double v) {
        if (mean.length != 1) {
            throw new IllegalStateException("learn(double) is for one feature, not " + mean.length);
        }
        if (v != v) {
            return 0;           // missing: nothing to learn, and the mean scales to 0
        }
        double n = countOf(0) + 1;
        if (equalCounts) {
            sharedCount = n;
        } else {
            count[0] = n;
        }
        if (!(add(0, v, 1 / n) < NEWTON_LIMIT)) {
            exactScales();
        }
        return (v - mean[0]) * scale[0];
    }

    /** {@link #learn} of a record that the caller knows has no missing (or infinite) value. */
    void learnComplete(double[] x, double[] out, boolean scaled) {
        boolean shared = equalCounts;
        double sharedInverse = 0;
        if (shared) {
            sharedCount += 1;
            sharedInverse = 1 / sharedCount;
        } else {
            for (int j = 0; j < mean.length; j++) {
                count[j] += 1;
                inverseCount[j] = 1 / count[j];
            }
        }
        double deviation = 0;
        for (int j = 0; j < mean.length; j++) {
            double v = x[j];
            deviation += add(j, v, shared ? sharedInverse : inverseCount[j]);
            out[j] = (v - mean[j]) * scale[j];
        }
        if (!(deviation < NEWTON_LIMIT)) {
            exactScales();
            transform(x, out, true);
        }
        if (!scaled) {
            System.arraycopy(x, 0, out, 0, mean.length);
        }
    }

    /**
     * Welford's step and the Newton step for the scale of feature j, the count already raised;
     * returns {@code |σ²s² - 1|} before the Newton step, how far off the scale was.
     */
    private double add(int j, double v, double inverseCount) {
        double d = v - mean[j];
        double mu = Math.fma(d, inverseCount, mean[j]);
        double m = Math.fma(d, v - mu, m2[j]);
        double s = scale[j];
        double r = (m * inverseCount) * (s * s);
        mean[j] = mu;
        m2[j] = m;
        scale[j] = s * Math.fma(-0.5, r, 1.5);
        return Math.abs(r - 1);
    }

    private void exactScales() {
        for (int j = 0; j < mean.length; j++) {
            double variance = m2[j] / countOf(j);
            scale[j] = variance > 0 ? 1 / Math.sqrt(variance) : 1;
        }
    }

    /** From the first missing value on, each feature keeps its own count. */
    private void separateCounts() {
        if (equalCounts) {
            Arrays.fill(count, sharedCount);
            equalCounts = false;
        }
    }

    private double countOf(int j) {
        return equalCounts ? sharedCount : count[j];
    }

    /** No missing value, and no infinity for the fast path to trip over: the sum is finite. */
    private boolean complete(double[] x) {
        double sum = 0;
        for (int j = 0; j < mean.length; j++) {
            sum += x[j];
        }
        return sum - sum == 0;
    }

    /**
     * Writes {@code (x_j - μ_j)/σ_j} into {@code out} when {@code scaled}, else {@code x_j};
     * a missing value becomes the running mean (0 after scaling). {@code 1/σ_j} is the tracked
     * scale (see the class comment): within about 1e-5 of exact right after an outlier.
     */
    public void transform(double[] x, double[] out, boolean scaled) {
        for (int j = 0; j < mean.length; j++) {
            double v = x[j];
            if (v != v) {
                out[j] = scaled ? 0 : mean[j];
            } else {
                out[j] = scaled ? (v - mean[j]) * scale[j] : v;
            }
        }
    }

    /** {@link #transform} of a single feature value. */
    public double transform(int j, double v, boolean scaled) {
        if (v != v) {
            return scaled ? 0 : mean[j];
        }
        return scaled ? (v - mean[j]) * scale[j] : v;
    }

    /** Undoes a scaled {@link #transform} of feature {@code j}: {@code μ_j + σ_j z}. */
    public double inverse(int j, double z) {
        return mean[j] + z / scale[j];
    }

    public double mean(int j) {
        return mean[j];
    }

    /** The exact current population standard deviation (not the cached scale). */
    public double standardDeviation(int j) {
        double n = countOf(j);
        return n > 0 ? Math.sqrt(m2[j] / n) : 0;
    }

    public long count(int j) {
        return (long) countOf(j);
    }

    /**
     * The statistics of the values this standardizer saw after it was {@code base} (which it must
     * have started from): per feature {@code [n, μ, M2]} of those values alone, laid out as all
     * counts, then all means, then all M2s. The inverse of Chan's formula below, so that
     * {@code g.merge(r.since(b))} holds the statistics of {@code g}'s values and the new ones.
     */
    double[] since(Standardizer base) {
        int f = mean.length;
        double[] delta = new double[3 * f];
        for (int j = 0; j < f; j++) {
            double n = countOf(j);
            double nb = base.countOf(j);
            double nd = n - nb;
            if (nd <= 0) {
                continue;
            }
            double md = (n * mean[j] - nb * base.mean[j]) / nd;
            double d = md - base.mean[j];
            delta[j] = nd;
            delta[f + j] = md;
            delta[2 * f + j] = Math.max(0, m2[j] - base.m2[j] - d * d * nb * nd / n);
        }
        return delta;
    }

    /**
     * Adds the statistics {@code delta} (as {@link #since} lays them out) by Chan et al.'s pairwise
     * formula, {@code n = n_a + n_b}, {@code δ = μ_b - μ_a}, {@code μ = μ_a + δ n_b/n},
     * {@code M2 = M2_a + M2_b + δ² n_a n_b/n}: the statistics of the union, exactly.
     */
    void merge(double[] delta) {
        int f = mean.length;
        if (delta.length != 3 * f) {
            throw new IllegalArgumentException("scaler delta of " + delta.length + " values for " + f + " features");
        }
        for (int j = 1; j < f; j++) {
            if (delta[j] != delta[0]) {
                separateCounts();       // the other side saw missing values: counts differ from here on
                break;
            }
        }
        for (int j = 0; j < f; j++) {
            double nd = delta[j];
            if (nd <= 0) {
                continue;
            }
            double na = countOf(j);
            double n = na + nd;
            double d = delta[f + j] - mean[j];
            mean[j] = Math.fma(d, nd / n, mean[j]);
            m2[j] = m2[j] + delta[2 * f + j] + d * d * na * nd / n;
            if (!equalCounts) {
                count[j] = n;
            }
        }
        if (equalCounts) {
            sharedCount += delta[0];
        }
        exactScales();
    }

    void writeState(DataOutput out) throws IOException {
        for (int j = 0; j < mean.length; j++) {
            StateIo.writeDouble(out, countOf(j));
        }
        StateIo.writeDoubles(out, mean);
        StateIo.writeDoubles(out, m2);
        StateIo.writeDoubles(out, scale);
    }

    void readState(DataInput in) throws IOException {
        StateIo.readDoubles(in, count);
        StateIo.readDoubles(in, mean);
        StateIo.readDoubles(in, m2);
        StateIo.readDoubles(in, scale);
        equalCounts = true;
        for (double c : count) {
            equalCounts &= c == count[0];
        }
        sharedCount = count.length > 0 ? count[0] : 0;
    }
}
