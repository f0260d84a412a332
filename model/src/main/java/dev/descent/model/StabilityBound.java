package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.ejml.data.DMatrixRMaj;

/**
 * Live learning-rate bounds of a linear model under squared loss {@code (y - ŷ)²}.
 *
 * <ul>
 *   <li>Full batch: the Hessian is {@code H = 2·E[x̃ x̃ᵀ]} ({@code x̃ = (x, 1)}), so gradient
 *   descent on the average loss is stable for {@code η < 2/λ_max(H)}. The second moment takes
 *   every one of the first {@value #SAMPLE_ALL} records and then every {@value #SAMPLE_EVERY}th
 *   (an outer product per record would cost more than the learning step itself); its
 *   eigenvalues (EJML) are refreshed only at samples 1, 2, 4, … 1024 and then every 1024
 *   samples, because the bound moves slowly.</li>
 *   <li>Per sample: one step on one record scales its residual by {@code 1 - 2η‖x̃‖²}, so a
 *   constant per-sample step is stable on every record only for {@code η < 1/max‖x̃‖²}. Real
 *   data with outliers makes this far smaller than the full-batch bound.</li>
 * </ul>
 */
public final class StabilityBound {
    static final long REFRESH_EVERY = 1024;
    static final long SAMPLE_EVERY = 32;
    static final long SAMPLE_ALL = 1024;

    private final int n;
    private final double[] sum;         // Σ x̃ x̃ᵀ on and above the diagonal of an n×n row-major array
    private long seen;
    private long count;                 // records in the second-moment sample
    private double maxSquaredNorm;
    private double fullBatch = Double.NaN;
    private final DMatrixRMaj hessian;

    /** @param dimension length of x̃ (features + 1 for the bias) */
    public StabilityBound(int dimension) {
        n = dimension;
        sum = new double[n * n];
        hessian = new DMatrixRMaj(n, n);
    }

    /** Adds one augmented input {@code x̃} and returns {@code ‖x̃‖²}. */
    public double observe(double[] x) {
        double squaredNorm = Vectors.dot(x, x, n);
        if (squaredNorm > maxSquaredNorm) {
            maxSquaredNorm = squaredNorm;
        }
        if (seen++ >= SAMPLE_ALL && seen % SAMPLE_EVERY != 0) {
            return squaredNorm;
        }
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            int row = i * n;
            for (int j = i; j < n; j++) {
                sum[row + j] += xi * x[j];
            }
        }
        count++;
        if (count % REFRESH_EVERY == 0 || (count < REFRESH_EVERY && (count & (count - 1)) == 0)) {
            refresh();
        }
        return squaredNorm;
    }

    /** {@code 2/λ_max(2·E[x̃x̃ᵀ])}, or NaN before the first record. */
    public double fullBatch() {
        return fullBatch;
    }

    /** {@code 1/max‖x̃‖²}, or NaN before the first record. */
    public double perSample() {
        return maxSquaredNorm > 0 ? 1 / maxSquaredNorm : Double.NaN;
    }

    /** {@code E‖x̃‖²} (the trace of {@code E[x̃ x̃ᵀ]}), or NaN before the first record. */
    public double meanSquaredNorm() {
        if (count == 0) {
            return Double.NaN;
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += sum[i * n + i];
        }
        return trace / count;
    }

    /** The current {@code H = 2·E[x̃ x̃ᵀ]}. */
    public DMatrixRMaj hessian() {
        double scale = count > 0 ? 2.0 / count : 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double h = sum[i * n + j] * scale;
                hessian.data[i * n + j] = h;
                hessian.data[j * n + i] = h;
            }
        }
        return hessian;
    }

    private void refresh() {
        fullBatch = Curvature.stableLearningRate(hessian());
    }

    void writeState(DataOutput out) throws IOException {
        out.writeLong(seen);
        out.writeLong(count);
        StateIo.writeDouble(out, maxSquaredNorm);
        StateIo.writeDouble(out, fullBatch);
        StateIo.writeDoubles(out, sum);
    }

    void readState(DataInput in) throws IOException {
        seen = in.readLong();
        count = in.readLong();
        maxSquaredNorm = StateIo.readDouble(in);
        fullBatch = StateIo.readDouble(in);
        StateIo.readDoubles(in, sum);
    }
}
