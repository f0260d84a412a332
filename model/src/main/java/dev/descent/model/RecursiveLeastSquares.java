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

        @Override public boolean usesOutputGradient() { return true; }

        @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, p.data); }

        @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, p.data); }
    }
}
