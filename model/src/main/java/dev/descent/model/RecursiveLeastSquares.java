package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.VectorVectorMult_DDRM;

/**
 * Recursive least squares for models linear in their parameters under squared loss: an
 * online Newton method whose inverse Hessian {@code P ≈ (Σ λ^(t-i) x_i x_iᵀ)⁻¹} is updated by
 * Sherman–Morrison instead of inverted.
 *
 * <pre>
 *   k  = P x / (λ + xᵀ P x)                 gain
 *   Δθ = -k (ŷ - y)                         the exact least-squares correction
 *   P ← (P - k (P x)ᵀ) / λ
 * </pre>
 *
 * With {@code x = ∂ŷ/∂θ} and the squared-loss gradient {@code g = 2(ŷ - y) x}, the step is
 * {@code Δθ = -P g / (2(λ + xᵀPx))}. For one record of a linear model (the only use
 * {@link Learner} makes of it) g is a multiple {@code k = g·x / x·x} of x, also after clipping,
 * so {@code P g = k P x} costs no second matrix-vector product. {@code P} starts
 * at {@code p0·I} ({@code initialVariance}), a weak ridge prior. The schedule's rate scales the
 * step (1 is textbook RLS).
 */
public record RecursiveLeastSquares(double forgetting, double initialVariance) implements OptimizerSpec {

    public RecursiveLeastSquares() {
        this(1.0, 100.0);
    }

    @Override public String kind() { return "rls"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        List<String> problems = new ArrayList<>();
        if (!(learner.model() instanceof LinearRegression) || !(learner.loss() instanceof SquaredLoss)) {
            problems.add("recursive least squares needs a linear model with squared loss");
        }
        if (learner.batchSize() != 1) {
            problems.add("recursive least squares updates per record; use batch size 1");
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            problems.add("RLS forgetting factor must be in (0, 1], got " + forgetting);
        }
        if (!(initialVariance > 0) || !Double.isFinite(initialVariance)) {
            problems.add("RLS initial variance must be a positive number, got " + initialVariance);
        }
        return problems;
    }

    /**
     * With forgetting, the least-squares weights themselves depend on the records' order (each
     * older one counts λ times less), and replicas learning side by side have no order between
     * them; without it, the information of the union is the sum of the replicas' and merges exactly.
     */
    @Override
    public List<String> mergeProblems(LearnerConfig learner) {
        return forgetting == 1 ? List.of() : List.of("recursive least squares with forgetting " + forgetting
                + " weighs records by their order, which replicas on different partitions do not share;"
                + " use forgetting 1 or a single partition");
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, forgetting, initialVariance, parameters);
    }

    private static final class Steps implements Optimizer {
        private final Schedule schedule;
        private final double forgetting;
        private final DMatrixRMaj p;
        private final DMatrixRMaj x;
        private final DMatrixRMaj px;

        Steps(Schedule schedule, double forgetting, double initialVariance, int parameters) {
            this.schedule = schedule;
            this.forgetting = forgetting;
            this.p = CommonOps_DDRM.identity(parameters);
            CommonOps_DDRM.scale(initialVariance, p);
            this.x = new DMatrixRMaj(parameters, 1);
            this.px = new DMatrixRMaj(parameters, 1);
        }

        @Override
        public void computeStep(long t, double[] gradient, double[] outputGradient, double[] delta) {
            System.arraycopy(outputGradient, 0, x.data, 0, x.data.length);
            // Px and the denominator λ + xᵀPx
            CommonOps_DDRM.mult(p, x, px);
            double denominator = forgetting + VectorVectorMult_DDRM.innerProd(x, px);
            // Δθ = -η P g / (2 (λ + xᵀPx)) = -η k P x / (2 (λ + xᵀPx)),  k = g·x / x·x
            double k = Vectors.dot(gradient, outputGradient, delta.length) / Vectors.squaredNorm(outputGradient);
            double scale = -schedule.at(t) * k / (2 * denominator);
            for (int i = 0; i < delta.length; i++) {
                delta[i] = scale * px.data[i];
            }
            // P ← (P - Px (Px)ᵀ / (λ + xᵀPx)) / λ
            VectorVectorMult_DDRM.addOuterProd(-1 / denominator, px, px, p);
            if (forgetting != 1) {
                CommonOps_DDRM.scale(1 / forgetting, p);
            }
        }

        /**
         * In information form, where replicas add up: {@code A = P⁻¹} (the weighted {@code Σ x xᵀ}
         * and prior) and {@code b = Aθ} (the weighted {@code Σ x y}); the replica's own part of each,
         * {@code A - λ^k A_base} and {@code b - λ^k b_base}, flat as {@code [A (p²), b (p)]}.
         */
        @Override
        public double[] since(Optimizer base, double[] theta, double[] baseTheta, long steps) {
            int n = theta.length;
            DMatrixRMaj a = inverse(p);
            DMatrixRMaj baseA = inverse(((Steps) base).p);
            double kept = Math.pow(forgetting, steps);
            double[] delta = new double[n * n + n];
            for (int i = 0; i < n * n; i++) {
                delta[i] = a.data[i] - kept * baseA.data[i];
            }
            double[] b = times(a, theta);
            double[] baseB = times(baseA, baseTheta);
            for (int i = 0; i < n; i++) {
                delta[n * n + i] = b[i] - kept * baseB[i];
            }
            return delta;
        }

        /**
         * {@code A ← λ^k A + ΔA}, {@code b ← λ^k b + Δb}, then {@code P = A⁻¹} and {@code θ = P b}:
         * with {@code λ = 1} the least-squares solution of every record the two sides saw.
         */
        @Override
        public void merge(double[] delta, long steps, double[] theta, double weight) {
            int n = theta.length;
            if (delta.length != n * n + n) {
                throw new IllegalArgumentException("RLS delta of " + delta.length + " values, expected " + (n * n + n));
            }
            DMatrixRMaj a = inverse(p);
            double[] b = times(a, theta);
            double kept = Math.pow(forgetting, steps);
            for (int i = 0; i < n * n; i++) {
                a.data[i] = Math.fma(kept, a.data[i], delta[i]);
            }
            for (int i = 0; i < n; i++) {
                b[i] = Math.fma(kept, b[i], delta[n * n + i]);
            }
            p.setTo(inverse(a));
            double[] solved = times(p, b);
            System.arraycopy(solved, 0, theta, 0, n);
        }

        private static DMatrixRMaj inverse(DMatrixRMaj m) {
            DMatrixRMaj inverse = new DMatrixRMaj(m.numRows, m.numCols);
            if (!CommonOps_DDRM.invert(m, inverse)) {
                throw new IllegalStateException("RLS information matrix is singular");
            }
            return inverse;
        }

        private static double[] times(DMatrixRMaj m, double[] v) {
            double[] out = new double[m.numRows];
            for (int i = 0; i < m.numRows; i++) {
                double sum = 0;
                for (int j = 0; j < m.numCols; j++) {
                    sum = Math.fma(m.data[i * m.numCols + j], v[j], sum);
                }
                out[i] = sum;
            }
            return out;
        }

        @Override public boolean usesOutputGradient() { return true; }

        /**
         * {@code P ← P · steps/}{@value Optimizer#RESTART_MEMORY}: the information of the records
         * since the last restart shrinks to that of {@value Optimizer#RESTART_MEMORY}, so new records
         * weigh as much again. Scaling keeps P's shape, which a reset to {@code p0·I} would not: the
         * rarely seen directions (a category of a few in ten thousand) would then be moved by every
         * record and miss the next rare one by millions.
         */
        @Override
        public void restart(long steps) {
            if (steps > RESTART_MEMORY) {
                CommonOps_DDRM.scale((double) steps / RESTART_MEMORY, p);
            }
        }

        @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, p.data); }

        @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, p.data); }
    }
}
