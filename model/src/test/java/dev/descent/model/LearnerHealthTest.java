package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Divergence and convergence as the learner reports them. Data: y = 3x1 - 2x2 + 1, x1 ~ N(1, 2²), x2 ~ N(-3, 0.5²). */
class LearnerHealthTest {

    private static double[] draw(Random random) {
        return new double[] {1 + 2 * random.nextGaussian(), -3 + 0.5 * random.nextGaussian()};
    }

    private static double target(double[] x) {
        return 3 * x[0] - 2 * x[1] + 1;
    }

    @Test
    void shouldDivergeWithoutThrowingAtLearningRateFive() {
        Learner learner = new Learner(LearnerConfig.builder("hot").learningRate(5.0).build(), 2);
        Random random = new Random(7);
        assertDoesNotThrow(() -> {
            double[] frozen = null;
            long frozenSteps = -1;
            for (int i = 0; i < 2000; i++) {
                double[] x = draw(random);
                double prediction = learner.learn(x, target(x));
                if (learner.status() == Learner.Status.DIVERGED) {
                    assertTrue(Double.isFinite(prediction), "prediction after divergence at record " + (i + 1));
                    if (frozen == null) {
                        frozen = learner.parameters();
                        frozenSteps = learner.steps();
                    }
                    assertArrayEquals(frozen, learner.parameters(), 0.0, "a diverged learner only predicts");
                    assertEquals(frozenSteps, learner.steps());
                }
            }
        });
        assertEquals(Learner.Status.DIVERGED, learner.status());
        assertNotEquals(Learner.Divergence.NONE, learner.divergence());
        assertTrue(learner.divergedAtRecord() > 0, "diverged at record " + learner.divergedAtRecord());
        assertTrue(learner.divergedAtRecord() < 2000);
        assertTrue(learner.skippedUpdates() >= 1);
        assertEquals(2000, learner.records());
        for (double p : learner.parameters()) {
            assertTrue(Double.isFinite(p), "parameter " + p);
        }
        assertTrue(Double.isFinite(learner.weightNorm()));
        assertTrue(Double.isFinite(learner.predict(new double[] {1, -3})));
    }

    @ParameterizedTest(name = "scaleFeatures={0}")
    @ValueSource(booleans = {true, false})
    void shouldKeepParametersFiniteAfterAnAbsurdFeatureValue(boolean scaleFeatures) {
        Learner learner = new Learner(LearnerConfig.builder("absurd").scaleFeatures(scaleFeatures).build(), 2);
        Random random = new Random(3);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 300; i++) {
                double[] x = draw(random);
                double y = target(x);
                if (i == 150) {
                    x[0] = 1e300;
                }
                double prediction = learner.learn(x, y);
                if (i > 150) {
                    assertTrue(Double.isFinite(prediction), "prediction at record " + (i + 1));
                }
            }
        });
        for (double p : learner.parameters()) {
            assertTrue(Double.isFinite(p), "parameter " + p);
        }
        assertTrue(Double.isFinite(learner.predict(new double[] {1, -3})));
        assertTrue(Double.isFinite(learner.weightNorm()));
    }

    @Test
    void shouldReachConvergedOnANoiselessLinearTarget() {
        Learner learner = new Learner(LearnerConfig.builder("calm").build(), 2);
        Random random = new Random(11);
        boolean sawLearning = false;
        for (int i = 1; i <= 5000; i++) {
            double[] x = draw(random);
            learner.learn(x, target(x));
            sawLearning |= i >= 10 && learner.status() == Learner.Status.LEARNING;
        }
        assertTrue(sawLearning, "the large early gradients should count as still learning");
        assertEquals(Learner.Status.CONVERGED, learner.status());
        assertEquals(Learner.Divergence.NONE, learner.divergence());
        assertEquals(-1, learner.divergedAtRecord());
        assertTrue(learner.gradientNorm() < 0.2, "gradient norm " + learner.gradientNorm());
    }

    @Test
    void shouldStayLearningWhileTheToleranceIsZero() {
        Learner learner = new Learner(LearnerConfig.builder("strict").tolerance(0).build(), 2);
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            double[] x = draw(random);
            learner.learn(x, target(x));
            assertNotEquals(Learner.Status.CONVERGED, learner.status());
        }
    }

    /**
     * The class documents the reported loss as the training loss, in standardized target units
     * when the target is scaled: {@code (ỹ - ŷ̃)² = ((y - ŷ)/σ_y)²}. A diverged learner keeps its
     * target statistics frozen, so that is still well defined after divergence.
     */
    @Test
    void shouldReportLastLossInStandardizedTargetUnitsAfterDivergence() {
        Learner learner = new Learner(LearnerConfig.builder("hot").learningRate(5.0).build(), 2);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            double[] x = draw(random);
            learner.learn(x, 1000 * target(x));
        }
        assertEquals(Learner.Status.DIVERGED, learner.status());
        double sigma = learner.targetScaler().standardDeviation(0);
        assertTrue(sigma > 1000, "label spread " + sigma);
        double[] x = draw(random);
        double y = 1000 * target(x);
        double prediction = learner.learn(x, y);
        double standardized = Math.pow((y - prediction) / sigma, 2);
        assertEquals(standardized, learner.lastLoss(), 1e-3 * standardized,
                "lastLoss after divergence should be in standardized units, not label units ((y - ŷ)² = "
                        + Math.pow(y - prediction, 2) + ")");
    }
}
