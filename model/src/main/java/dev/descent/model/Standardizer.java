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
 */
public final class Standardizer {
    private final double[] count;
    private final double[] mean;
    private final double[] m2;

    public Standardizer(int features) {
        count = new double[features];
        mean = new double[features];
        m2 = new double[features];
    }

    public int size() {
        return mean.length;
    }

    /** Adds one observation; NaN entries are missing and skipped. */
    public void update(double[] x) {
        for (int j = 0; j < mean.length; j++) {
            update(j, x[j]);
        }
    }

    /** Adds one observation of feature {@code j}: {@code n += 1; μ += (x-μ)/n; M2 += (x-μ_old)(x-μ_new)}. */
    public void update(int j, double v) {
        if (v != v) {
            return;
        }
        double n = count[j] + 1;
        double d = v - mean[j];
        double mu = mean[j] + d / n;
        m2[j] += d * (v - mu);
        mean[j] = mu;
        count[j] = n;
    }

    /**
     * Writes {@code (x_j - μ_j)/σ_j} into {@code out} when {@code scale}, else {@code x_j};
     * a missing value becomes the running mean (0 after scaling).
     */
    public void transform(double[] x, double[] out, boolean scale) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = transform(j, x[j], scale);
        }
    }

    public double transform(int j, double v, boolean scale) {
        if (v != v) {
            return scale ? 0 : mean[j];
        }
        if (!scale) {
            return v;
        }
        double variance = count[j] > 0 ? m2[j] / count[j] : 0;
        return variance > 0 ? (v - mean[j]) / Math.sqrt(variance) : v - mean[j];
    }

    /** Undoes {@link #transform} with scaling for feature {@code j}: {@code μ_j + σ_j z}. */
    public double inverse(int j, double z) {
        double variance = count[j] > 0 ? m2[j] / count[j] : 0;
        return variance > 0 ? mean[j] + z * Math.sqrt(variance) : mean[j] + z;
    }

    public double mean(int j) {
        return mean[j];
    }

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
    }

    void readState(DataInput in) throws IOException {
        StateIo.readDoubles(in, count);
        StateIo.readDoubles(in, mean);
        StateIo.readDoubles(in, m2);
    }
}
