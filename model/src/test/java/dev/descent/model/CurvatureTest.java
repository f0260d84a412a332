package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The quadratic L(θ) = θ1² + 2θ2² + θ1θ2 has the constant Hessian [[2, 1], [1, 4]], whose
 * eigenvalues are 3 ± √2 (trace 6, determinant 7), so gradient descent is stable for
 * η &lt; 2/(3 + √2) ≈ 0.4531.
 */
class CurvatureTest {
    private static final ToDoubleFunction<double[]> QUADRATIC =
            t -> t[0] * t[0] + 2 * t[1] * t[1] + t[0] * t[1];
    private static final double LAMBDA_MAX = 3 + Math.sqrt(2);

    @ParameterizedTest(name = "at ({0}, {1})")
    @CsvSource({"0, 0", "1.5, -2", "-3, 0.25"})
    void shouldEstimateTheQuadraticsHessianByCentralDifferences(double t1, double t2) {
        DMatrixRMaj h = Curvature.hessian(QUADRATIC, new double[] {t1, t2}, 1e-4);
        assertEquals(2, h.numRows);
        assertEquals(2, h.get(0, 0), 1e-6);
        assertEquals(1, h.get(0, 1), 1e-6);
        assertEquals(1, h.get(1, 0), 1e-6);
        assertEquals(4, h.get(1, 1), 1e-6);
    }

    @Test
    void shouldFindTheLargestEigenvalueThreePlusRootTwo() {
        DMatrixRMaj h = new DMatrixRMaj(new double[][] {{2, 1}, {1, 4}});
        assertEquals(LAMBDA_MAX, Curvature.largestEigenvalue(h), 1e-12);
        assertEquals(2, h.get(0, 0), 0.0, "the input must not be modified");
        assertEquals(1, h.get(1, 0), 0.0, "the input must not be modified");
        assertEquals(2 / LAMBDA_MAX, Curvature.stableLearningRate(h), 1e-12);
    }

    @Test
    void shouldFindTheLargestEigenvalueOfTheEstimatedHessian() {
        DMatrixRMaj h = Curvature.hessian(QUADRATIC, new double[] {0.7, -1.1}, 1e-4);
        assertEquals(LAMBDA_MAX, Curvature.largestEigenvalue(h), 1e-6);
        assertEquals(2 / LAMBDA_MAX, Curvature.stableLearningRate(h), 1e-6);
    }

    @Test
    void shouldConvergeJustBelowTheStableLearningRate() {
        double eta = 0.99 * Curvature.stableLearningRate(new DMatrixRMaj(new double[][] {{2, 1}, {1, 4}}));
        double[] theta = descend(eta, 2000);
        // the slowest mode shrinks by |1 - 0.99·2| = 0.98 per step: 0.98^2000 ≈ 3e-18
        assertTrue(Math.abs(theta[0]) < 1e-12 && Math.abs(theta[1]) < 1e-12,
                "expected convergence to 0, got " + theta[0] + ", " + theta[1]);
        assertTrue(QUADRATIC.applyAsDouble(theta) < 1e-24);
    }

    @Test
    void shouldDivergeJustAboveTheStableLearningRate() {
        double eta = 1.01 * Curvature.stableLearningRate(new DMatrixRMaj(new double[][] {{2, 1}, {1, 4}}));
        double[] theta = descend(eta, 2000);
        // the fastest mode grows by |1 - 1.01·2| = 1.02 per step: 1.02^2000 ≈ 1.6e17
        assertTrue(QUADRATIC.applyAsDouble(theta) > 1e20, "expected divergence, L = " + QUADRATIC.applyAsDouble(theta));
    }

    /** Plain gradient descent from (1, 1) with the analytic gradient (2θ1 + θ2, 4θ2 + θ1). */
    private static double[] descend(double eta, int iterations) {
        double t1 = 1;
        double t2 = 1;
        for (int i = 0; i < iterations; i++) {
            double g1 = 2 * t1 + t2;
            double g2 = 4 * t2 + t1;
            t1 -= eta * g1;
            t2 -= eta * g2;
        }
        return new double[] {t1, t2};
    }
}
