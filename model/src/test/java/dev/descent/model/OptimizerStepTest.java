package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Single optimizer steps against hand-computed numbers from the formulas in their Javadoc. */
class OptimizerStepTest {
    private static final double TOLERANCE = 1e-12;

    /**
     * η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8.
     *
     * <pre>
     * t = 1, g = (0.5, -2):  m = (0.05, -0.2), v = (0.00025, 0.004)
     *        m̂ = m/0.1 = (0.5, -2), v̂ = v/0.001 = (0.25, 4)
     *        Δ = -0.1·(0.5/(0.5 + 1e-8), -2/(2 + 1e-8)) = (-0.099999998000000040, 0.099999999500000002)
     * t = 2, g = (1, 1):     m = (0.9·0.05 + 0.1, 0.9·(-0.2) + 0.1) = (0.145, -0.08)
     *        v = (0.999·0.00025 + 0.001, 0.999·0.004 + 0.001) = (0.00124975, 0.004996)
     *        m̂ = m/(1 - 0.81) = m/0.19, v̂ = v/(1 - 0.998001) = v/0.001999
     *        Δ = -0.1·m̂/(√v̂ + 1e-8) = (-0.096518201361491240, 0.026633703797568640)
     * </pre>
     */
    @Test
    void shouldTakeHandComputedAdamSteps() {
        Optimizer adam = new Adam(0.9, 0.999, 1e-8).create(Schedule.constant(0.1), 2);
        double[] delta = new double[2];
        adam.computeStep(1, new double[] {0.5, -2}, new double[2], delta);
        assertArrayEquals(new double[] {-0.09999999800000004, 0.0999999995}, delta, TOLERANCE);
        adam.computeStep(2, new double[] {1, 1}, new double[2], delta);
        assertArrayEquals(new double[] {-0.09651820136149124, 0.02663370379756864}, delta, TOLERANCE);
        // the state starts with the moments m then v
        assertArrayEquals(new double[] {0.145, -0.08, 0.00124975, 0.004996}, Arrays.copyOf(state(adam), 4), TOLERANCE);
    }

    /**
     * λ = 1, P0 = 10·I, η = 1.
     *
     * <pre>
     * step 1: x = (1, 2), ŷ - y = -1, g = 2(ŷ - y)x = (-2, -4)
     *         Px = (10, 20), xᵀPx = 50, λ + xᵀPx = 51
     *         Δ = -Pg / (2·51) = (20, 40)/102 = (0.19607843137254902, 0.39215686274509803)
     *         P ← P - Px(Px)ᵀ/51 = [[10 - 100/51, -200/51], [-200/51, 10 - 400/51]]
     * step 2: x = (1, -1), ŷ - y = 0.5, g = (1, -1) = x
     *         Px = (10 - 100/51 + 200/51, -200/51 - 10 + 400/51) = (610/51, -310/51)
     *         xᵀPx = 920/51, λ + xᵀPx = 971/51
     *         Δ = -Pg / (2·971/51) = (-610/1942, 310/1942)
     * </pre>
     */
    @Test
    void shouldTakeHandComputedRecursiveLeastSquaresSteps() {
        Optimizer rls = new RecursiveLeastSquares(1.0, 10.0).create(Schedule.constant(1.0), 2);
        double[] delta = new double[2];
        rls.computeStep(1, new double[] {-2, -4}, new double[] {1, 2}, delta);
        assertArrayEquals(new double[] {20.0 / 102, 40.0 / 102}, delta, TOLERANCE);
        assertArrayEquals(new double[] {10 - 100.0 / 51, -200.0 / 51, -200.0 / 51, 10 - 400.0 / 51}, state(rls),
                TOLERANCE);
        rls.computeStep(2, new double[] {1, -1}, new double[] {1, -1}, delta);
        assertArrayEquals(new double[] {-610.0 / 1942, 310.0 / 1942}, delta, TOLERANCE);
    }

    /**
     * With forgetting λ = 0.5 the same first step has denominator 0.5 + 50 = 50.5:
     * Δ = (20, 40)/101 and P ← (P - Px(Px)ᵀ/50.5)/0.5.
     */
    @Test
    void shouldDivideByTheForgettingFactorInRecursiveLeastSquares() {
        Optimizer rls = new RecursiveLeastSquares(0.5, 10.0).create(Schedule.constant(1.0), 2);
        double[] delta = new double[2];
        rls.computeStep(1, new double[] {-2, -4}, new double[] {1, 2}, delta);
        assertArrayEquals(new double[] {20.0 / 101, 40.0 / 101}, delta, TOLERANCE);
        assertArrayEquals(new double[] {(10 - 100 / 50.5) / 0.5, (-200 / 50.5) / 0.5, (-200 / 50.5) / 0.5,
                (10 - 400 / 50.5) / 0.5}, state(rls), TOLERANCE);
    }

    /** Textbook RLS from θ = 0 with P0 = p0·I is exactly ridge regression: θ = (XᵀX + I/p0)⁻¹ Xᵀy. */
    @Test
    void shouldMatchTheRidgeRegressionSolutionAfterEveryRecord() {
        double p0 = 5;
        Optimizer rls = new RecursiveLeastSquares(1.0, p0).create(Schedule.constant(1.0), 3);
        LinearModel model = LinearModel.regression(2);
        double[] outputGradient = new double[3];
        double[] gradient = new double[3];
        double[] delta = new double[3];
        DMatrixRMaj xtx = CommonOps_DDRM.identity(3);
        CommonOps_DDRM.scale(1 / p0, xtx);
        DMatrixRMaj xty = new DMatrixRMaj(3, 1);
        Random random = new Random(3);
        for (int t = 1; t <= 20; t++) {
            double[] x = {random.nextGaussian(), 2 * random.nextGaussian()};
            double y = 0.7 * x[0] + 1.3 * x[1] - 2 + random.nextGaussian();
            double prediction = model.predict(x);
            model.outputGradient(outputGradient);
            for (int i = 0; i < 3; i++) {
                gradient[i] = Loss.squared().gradient(prediction, y) * outputGradient[i];
            }
            rls.computeStep(t, gradient, outputGradient, delta);
            for (int i = 0; i < 3; i++) {
                model.parameters()[i] += delta[i];
            }
            double[] augmented = {x[0], x[1], 1};
            for (int i = 0; i < 3; i++) {
                xty.data[i] += augmented[i] * y;
                for (int j = 0; j < 3; j++) {
                    xtx.data[i * 3 + j] += augmented[i] * augmented[j];
                }
            }
            DMatrixRMaj ridge = new DMatrixRMaj(3, 1);
            CommonOps_DDRM.solve(xtx, xty, ridge);
            assertArrayEquals(ridge.data, model.parameters(), 1e-9, "after record " + t);
        }
    }

    /** Momentum η = 0.1, β = 0.9: v = -0.1·2 = -0.2; then v = 0.9·(-0.2) - 0.1·1 = -0.28. */
    @Test
    void shouldAccumulateVelocityInMomentum() {
        Optimizer momentum = new Momentum(0.9).create(Schedule.constant(0.1), 1);
        double[] delta = new double[1];
        momentum.computeStep(1, new double[] {2}, new double[1], delta);
        assertEquals(-0.2, delta[0], TOLERANCE);
        momentum.computeStep(2, new double[] {1}, new double[1], delta);
        assertEquals(-0.28, delta[0], TOLERANCE);
    }

    /**
     * Nesterov η = 0.1, β = 0.9: v = -0.1·2 = -0.2, Δ = 0.9·(-0.2) - 0.1·2 = -0.38;
     * then v = 0.9·(-0.2) - 0.1·1 = -0.28, Δ = 0.9·(-0.28) - 0.1·1 = -0.352.
     */
    @Test
    void shouldLookAheadAlongTheVelocityInNesterov() {
        Optimizer nesterov = new Nesterov(0.9).create(Schedule.constant(0.1), 1);
        double[] delta = new double[1];
        nesterov.computeStep(1, new double[] {2}, new double[1], delta);
        assertEquals(-0.38, delta[0], TOLERANCE);
        nesterov.computeStep(2, new double[] {1}, new double[1], delta);
        assertEquals(-0.352, delta[0], TOLERANCE);
        assertArrayEquals(new double[] {-0.28}, state(nesterov), TOLERANCE);
    }

    /**
     * Sutskever's form evaluates the gradient at the look-ahead point: {@code v ← βv - η∇L(θ + βv)},
     * {@code θ ← θ + v}. On {@code L(θ) = ½θᵀAθ - bᵀθ} the optimizer, fed gradients at the
     * parameters it keeps, must walk exactly through the look-ahead points {@code θ + βv}.
     */
    @Test
    void shouldFollowSutskeversLookAheadFormInNesterov() {
        double[][] a = {{3, 0.5}, {0.5, 1}};
        double[] b = {1, -2};
        double eta = 0.05;
        double beta = 0.8;
        Optimizer nesterov = new Nesterov(beta).create(Schedule.constant(eta), 2);
        double[] phi = {2, 3};                   // the optimizer's parameters: Sutskever's θ + βv
        double[] theta = phi.clone();            // Sutskever's θ, starting with v = 0
        double[] v = new double[2];
        double[] delta = new double[2];
        for (long t = 1; t <= 30; t++) {
            double[] lookAhead = {theta[0] + beta * v[0], theta[1] + beta * v[1]};
            double[] g = quadraticGradient(a, b, lookAhead);
            for (int i = 0; i < 2; i++) {
                v[i] = beta * v[i] - eta * g[i];
                theta[i] += v[i];
            }
            nesterov.step(t, quadraticGradient(a, b, phi), new double[2], delta, phi);
            assertArrayEquals(new double[] {theta[0] + beta * v[0], theta[1] + beta * v[1]}, phi, 1e-12, "step " + t);
        }
    }

    private static double[] quadraticGradient(double[][] a, double[] b, double[] theta) {
        return new double[] {a[0][0] * theta[0] + a[0][1] * theta[1] - b[0], a[1][0] * theta[0] + a[1][1] * theta[1] - b[1]};
    }

    /** AdaGrad η = 0.5, ε = 1e-8: G = 9, Δ = -1.5/(3 + 1e-8); then G = 25, Δ = -2/(5 + 1e-8). */
    @Test
    void shouldDivideBySumOfSquaresInAdaGrad() {
        Optimizer adaGrad = new AdaGrad(1e-8).create(Schedule.constant(0.5), 1);
        double[] delta = new double[1];
        adaGrad.computeStep(1, new double[] {3}, new double[1], delta);
        assertEquals(-0.49999999833333334, delta[0], TOLERANCE);
        adaGrad.computeStep(2, new double[] {4}, new double[1], delta);
        assertEquals(-0.39999999920000000, delta[0], TOLERANCE);
    }

    /** RMSProp η = 0.01, ρ = 0.9, ε = 1e-8: v = 0.1·4 = 0.4, Δ = -0.02/(√0.4 + ε); then v = 0.36 + 0.1 = 0.46, Δ = 0.01/(√0.46 + ε). */
    @Test
    void shouldDivideByRunningMeanSquareInRmsProp() {
        Optimizer rmsProp = new RmsProp(0.9, 1e-8).create(Schedule.constant(0.01), 1);
        double[] delta = new double[1];
        rmsProp.computeStep(1, new double[] {2}, new double[1], delta);
        assertEquals(-0.031622776101683801, delta[0], TOLERANCE);
        rmsProp.computeStep(2, new double[] {-1}, new double[1], delta);
        assertEquals(0.014744195398098413, delta[0], TOLERANCE);
    }

    @Test
    void shouldStepAgainstTheGradientWithSgd() {
        Optimizer sgd = new Sgd().create(Schedule.step(0.2, 1, 0.5), 2);
        double[] delta = new double[2];
        sgd.computeStep(1, new double[] {1, -3}, new double[2], delta);
        assertArrayEquals(new double[] {-0.2, 0.6}, delta, TOLERANCE);
        sgd.computeStep(2, new double[] {1, -3}, new double[2], delta);
        assertArrayEquals(new double[] {-0.1, 0.3}, delta, TOLERANCE);
    }

    @Test
    void shouldRejectOutOfRangeOptimizerSettings() {
        for (OptimizerSpec spec : List.of(new Momentum(1.0), new Momentum(-0.1), new Nesterov(1.0),
                new RmsProp(1.0, 1e-8), new RmsProp(0.9, 0), new AdaGrad(0), new Adam(1.0, 0.999, 1e-8),
                new Adam(0.9, 0.0, 1e-8), new Adam(0.9, 0.999, -1), new RecursiveLeastSquares(0.0, 1),
                new RecursiveLeastSquares(1.1, 1), new RecursiveLeastSquares(1.0, 0),
                new RecursiveLeastSquares(1.0, Double.NaN))) {
            LearnerConfig config = LearnerConfig.builder("a").optimizer(spec).build();
            assertEquals(1, config.problems(1).size(), spec + ": " + config.problems(1));
            assertThrows(IllegalArgumentException.class, () -> new Learner(config, 1), spec.toString());
        }
    }

    /** The optimizer's serialized state as doubles (raw bits, in writeState order). */
    private static double[] state(Optimizer optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            optimizer.writeState(new DataOutputStream(bytes));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            double[] values = new double[bytes.size() / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            return values;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
