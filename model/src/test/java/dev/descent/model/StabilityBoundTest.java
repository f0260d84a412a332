package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * For a linear learner under squared loss the full-batch bound is 2/λ_max(2·E[x̃x̃ᵀ]) and the
 * per-sample bound 1/max‖x̃‖², with x̃ = (x, 1). Features are unscaled here so x̃ is the raw
 * record; the expected values are computed independently with EJML's general (non-symmetric)
 * eigen-decomposition.
 */
class StabilityBoundTest {

    private static double[][] data(int records) {
        Random random = new Random(1234);
        double[][] xs = new double[records][];
        for (int i = 0; i < records; i++) {
            xs[i] = new double[] {2 * random.nextDouble(), 1 + 0.5 * random.nextGaussian(), -2 + random.nextGaussian()};
        }
        return xs;
    }

    private static Learner feed(LearnerConfig config, double[][] xs, int records) {
        Learner learner = new Learner(config, 3);
        for (int i = 0; i < records; i++) {
            double[] x = xs[i];
            learner.learn(x, 0.5 * x[0] - x[1] + 0.25 * x[2] + 1);
        }
        return learner;
    }

    private static LearnerConfig linear() {
        return LearnerConfig.builder("lin").learningRate(0.001).scaleFeatures(false).build();
    }

    /** 2/λ_max of H = (2/N) Σ x̃x̃ᵀ over the first {@code records} inputs. */
    private static double expectedFullBatch(double[][] xs, int records) {
        DMatrixRMaj h = new DMatrixRMaj(4, 4);
        for (int r = 0; r < records; r++) {
            double[] x = {xs[r][0], xs[r][1], xs[r][2], 1};
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    h.add(i, j, 2.0 * x[i] * x[j] / records);
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(4, false, false);
        assertTrue(eig.decompose(h));
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            max = Math.max(max, eig.getEigenvalue(i).getReal());
        }
        return 2 / max;
    }

    private static double expectedPerSample(double[][] xs, int records) {
        double max = 0;
        for (int r = 0; r < records; r++) {
            double[] x = xs[r];
            max = Math.max(max, x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + 1);
        }
        return 1 / max;
    }

    @Test
    void shouldMatchTwoOverTheLargestEigenvalueAfter1024Records() {
        double[][] xs = data(1024);
        Learner learner = feed(linear(), xs, 1024);
        assertNotEquals(Learner.Status.DIVERGED, learner.status());
        double expected = expectedFullBatch(xs, 1024);
        assertEquals(expected, learner.stabilityBound(), 1e-10 * expected);
        assertEquals(expectedPerSample(xs, 1024), learner.perSampleBound(), 1e-14);
        assertTrue(learner.perSampleBound() < learner.stabilityBound(),
                "one record's bound is stricter than the average's");
    }

    @Test
    void shouldRefreshTheFullBatchBoundOnlyAtPowersOfTwo() {
        double[][] xs = data(1000);
        Learner learner = feed(linear(), xs, 1000);
        double at512 = expectedFullBatch(xs, 512);
        assertEquals(at512, learner.stabilityBound(), 1e-10 * at512, "still the bound of the first 512 records");
        assertNotEquals(expectedFullBatch(xs, 1000), learner.stabilityBound(), 1e-10 * at512);
        assertEquals(expectedPerSample(xs, 1000), learner.perSampleBound(), 1e-14, "the per-sample bound is live");
    }

    @Test
    void shouldBeNaNBeforeTheFirstRecord() {
        Learner learner = new Learner(linear(), 3);
        assertTrue(Double.isNaN(learner.stabilityBound()));
        assertTrue(Double.isNaN(learner.perSampleBound()));
    }

    @Test
    void shouldBeNaNForAnyModelOtherThanLinearWithSquaredLoss() {
        double[][] xs = data(64);
        LearnerConfig mlp = LearnerConfig.builder("mlp").model(MultilayerPerceptron.ofHidden(4)).scaleFeatures(false).build();
        LearnerConfig huber = LearnerConfig.builder("huber").loss(new HuberLoss()).build();
        LearnerConfig logistic = LearnerConfig.builder("logit").model(new LogisticRegression()).loss(new LogLoss())
                .threshold(0).scaleTarget(false).build();
        for (LearnerConfig config : new LearnerConfig[] {mlp, huber, logistic}) {
            Learner learner = feed(config, xs, 64);
            assertTrue(Double.isNaN(learner.stabilityBound()), config.id());
            assertTrue(Double.isNaN(learner.perSampleBound()), config.id());
        }
    }

    /** x̃ = (3, 4, 1) twice: ‖x̃‖² = 26, H = 2x̃x̃ᵀ has λ_max = 2·26 = 52. */
    @Test
    void shouldComputeHandNumbersForOneRepeatedInput() {
        StabilityBound bound = new StabilityBound(3);
        assertEquals(26, bound.observe(new double[] {3, 4, 1}), 0.0);
        assertEquals(26, bound.observe(new double[] {3, 4, 1}), 0.0);
        assertEquals(2.0 / 52, bound.fullBatch(), 1e-14);
        assertEquals(1.0 / 26, bound.perSample(), 1e-15);
        assertEquals(2 * 3 * 4, bound.hessian().get(0, 1), 1e-12);
        assertEquals(2 * 1 * 1, bound.hessian().get(2, 2), 1e-12);
    }

    /** Only the upper triangle is summed; H must still be the full symmetric 2·mean(x̃x̃ᵀ). */
    @Test
    void shouldFillBothTrianglesOfTheHessian() {
        double[][] xs = {{3, 4, 1}, {-1, 2, 1}, {0.5, -6, 1}};
        StabilityBound bound = new StabilityBound(3);
        for (double[] x : xs) {
            bound.observe(x);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = 0;
                for (double[] x : xs) {
                    expected += 2 * x[i] * x[j] / xs.length;
                }
                assertEquals(expected, bound.hessian().get(i, j), 1e-12, "H[" + i + "][" + j + "]");
            }
        }
    }
}
