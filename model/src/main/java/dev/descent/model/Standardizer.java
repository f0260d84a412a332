package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Running mean and variance per feature (Welford's algorithm), used to standardize features
 * as they stream in and to impute missing values (NaN) with the running mean.
 *
 * <p>Counts are kept per feature because a missing value does not count towards its
 * feature's statistics. The population variance {@code M2/n} is used; a feature whose
 * variance is still zero is only centred.
 *
 * <p>The scale factor {@code s = 1/σ} is tracked after every update without a square root:
 * σ² moves by O(1/n) per record, so one Newton step for the inverse square root,
 * {@code s ← s(3 - σ²s²)/2}, keeps it exact to O(1/n²). When σ² jumps (a rare category's first
 * occurrences, the first records) and {@code σ²s²} is more than 10% from 1, s is recomputed
 * exactly. So a feature's z stays within {@code ±√(n-1)} even for a record that moves its
 * statistics a lot.
 */
public final class Standardizer {
    private final double[] count;
    private final double[] mean;
    private final double[] m2;
    private final double[] scale;

    public Standardizer(int features) {
        count = new double[features];
        mean = new double[features];
        m2 = new double[features];
        scale = new double[features];
        java.util.Arrays.fill(scale, 1);
    }

    public int size() {
        return mean.length;
    }

    /**
     * Adds one observation; NaN entries are missing and skipped. Per feature:
     * {@code n += 1; μ += (x-μ)/n; M2 += (x-μ_old)(x-μ_new)}.
     */
    public void update(double[] x) {
        double lastCount = -1;
        double inverseCount = 0;
        for (int j = 0; j < mean.length; j++) {
            double v = x[j];
            if (v != v) {
                continue;
            }
            double n = count[j] + 1;
            if (n != lastCount) {
                // features share their count unless values went missing: usually one division per record
                lastCount = n;
                inverseCount = 1 / n;
            }
            double d = v - mean[j];
            double mu = mean[j] + d * inverseCount;
            double m = m2[j] + d * (v - mu);
            mean[j] = mu;
            m2[j] = m;
            count[j] = n;
            // s ≈ 1/σ: one Newton step for 1/√(σ²) when close, else exactly
            double variance = m * inverseCount;
            double s = scale[j];
            double r = variance * s * s;
            if (r > 0.9 && r < 1.1) {
                scale[j] = s * (1.5 - 0.5 * r);
            } else {
                scale[j] = variance > 0 ? 1 / Math.sqrt(variance) : 1;
            }
        }
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
        return count[j] > 0 ? Math.sqrt(m2[j] / count[j]) : 0;
    }

    public long count(int j) {
        return (long) count[j];
    }

    void writeState(DataOutput out) throws IOException {
        StateIo.writeDoubles(out, count);
        StateIo.writeDoubles(out, mean);
        StateIo.writeDoubles(out, m2);
        StateIo.writeDoubles(out, scale);
    }

    void readState(DataInput in) throws IOException {
        StateIo.readDoubles(in, count);
        StateIo.readDoubles(in, mean);
        StateIo.readDoubles(in, m2);
        StateIo.readDoubles(in, scale);
    }
}
