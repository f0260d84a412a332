package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The seed notes' worked linear case: x = (1, 1), y = 3, w = (0.5, -0.3), b = 0.2, η = 0.1,
 * squared loss (y - ŷ)² without the ½.
 *
 * <pre>
 *   step 1: ŷ = 0.5 - 0.3 + 0.2 = 0.4        L = (3 - 0.4)² = 6.76
 *           ∂L/∂ŷ = 2(0.4 - 3) = -5.2, and ∂ŷ/∂w1 = ∂ŷ/∂w2 = ∂ŷ/∂b = 1, so every gradient is -5.2
 *           θ ← θ - 0.1·(-5.2) = θ + 0.52  →  w = (1.02, 0.22), b = 0.72
 *   step 2: ŷ = 1.02 + 0.22 + 0.72 = 1.96    L = 1.04² = 1.0816
 *           gradient 2(1.96 - 3) = -2.08, θ += 0.208  →  w = (1.228, 0.428), b = 0.928
 *   step 3: ŷ = 2.584                        L = 0.416² = 0.173056
 *           gradient 2(2.584 - 3) = -0.832, θ += 0.0832  →  w = (1.3112, 0.5112), b = 1.0112
 *   then    ŷ = 2.8336                       L = 0.1664² = 0.02768896
 * </pre>
 */
class SeedNotesLinearStepTest {
    private static final double TOLERANCE = 1e-12;
    private static final double[] X = {1, 1};
    private static final double Y = 3;

    @Test
    void shouldReproduceSeedNotesLinearStepWithModelLossAndSgd() {
        LinearModel model = LinearModel.regression(2);
        System.arraycopy(new double[] {0.5, -0.3, 0.2}, 0, model.parameters(), 0, 3);
        Loss loss = Loss.squared();
        Optimizer sgd = new Sgd().create(Schedule.constant(0.1), 3);
        double[] outputGradient = new double[3];
        double[] gradient = new double[3];
        double[] delta = new double[3];

        double prediction = model.predict(X);
        assertEquals(0.4, prediction, TOLERANCE);
        assertEquals(6.76, loss.value(prediction, Y), TOLERANCE);
        model.outputGradient(outputGradient);
        for (int i = 0; i < 3; i++) {
            gradient[i] = loss.gradient(prediction, Y) * outputGradient[i];
        }
        assertEquals(-5.2, gradient[0], TOLERANCE, "∂L/∂w1");
        assertEquals(-5.2, gradient[1], TOLERANCE, "∂L/∂w2");
        assertEquals(-5.2, gradient[2], TOLERANCE, "∂L/∂b");

        sgd.computeStep(1, gradient, outputGradient, delta);
        for (int i = 0; i < 3; i++) {
            model.parameters()[i] += delta[i];
        }
        assertArrayEquals(new double[] {1.02, 0.22, 0.72}, model.parameters(), TOLERANCE);
        double after = model.predict(X);
        assertEquals(1.96, after, TOLERANCE);
        assertEquals(1.0816, loss.value(after, Y), TOLERANCE);
    }

    @Test
    void shouldReproduceSeedNotesLinearStepsThroughTheLearner() {
        Learner learner = new Learner(LearnerConfig.builder("x").learningRate(0.1).scaleFeatures(false)
                .scaleTarget(false).initialParameters(0.5, -0.3, 0.2).build(), 2);

        assertEquals(0.4, learner.learn(X, Y), TOLERANCE);
        assertEquals(6.76, learner.lastLoss(), TOLERANCE);
        assertEquals(5.2 * Math.sqrt(3), learner.gradientNorm(), TOLERANCE);
        assertEquals(0.1, learner.learningRate(), TOLERANCE);
        assertArrayEquals(new double[] {1.02, 0.22, 0.72}, learner.parameters(), TOLERANCE);

        assertEquals(1.96, learner.learn(X, Y), TOLERANCE);
        assertEquals(1.0816, learner.lastLoss(), TOLERANCE);
        assertEquals(2.08 * Math.sqrt(3), learner.gradientNorm(), TOLERANCE);
        assertArrayEquals(new double[] {1.228, 0.428, 0.928}, learner.parameters(), TOLERANCE);

        assertEquals(2.584, learner.learn(X, Y), TOLERANCE);
        assertEquals(0.173056, learner.lastLoss(), TOLERANCE);
        assertEquals(0.832 * Math.sqrt(3), learner.gradientNorm(), TOLERANCE);
        assertArrayEquals(new double[] {1.3112, 0.5112, 1.0112}, learner.parameters(), TOLERANCE);

        assertEquals(2.8336, learner.predict(X), TOLERANCE);
        assertEquals(2.8336, learner.learn(X, Y), TOLERANCE);
        assertEquals(0.02768896, learner.lastLoss(), TOLERANCE);
        assertEquals(4, learner.records());
        assertEquals(4, learner.steps());
        assertEquals((6.76 + 1.0816 + 0.173056 + 0.02768896) / 4, learner.meanLoss(), TOLERANCE);
    }
}
