package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Loss values and ∂L/∂ŷ at hand-computed points (prediction first, label second). */
class LossTest {

    @Test
    void shouldComputeSquaredLossWithoutTheHalf() {
        assertEquals(4, Loss.squared().value(1, 3), 0.0);
        assertEquals(-4, Loss.squared().gradient(1, 3), 0.0);
        assertEquals(6.76, Loss.squared().value(0.4, 3), 1e-15);
        assertEquals(-5.2, Loss.squared().gradient(0.4, 3), 1e-15);
    }

    @Test
    void shouldComputeAbsoluteLossWithASignGradient() {
        assertEquals(2.5, Loss.absolute().value(0.5, 3), 0.0);
        assertEquals(-1, Loss.absolute().gradient(0.5, 3), 0.0);
        assertEquals(1, Loss.absolute().gradient(4, 3), 0.0);
        assertEquals(0, Loss.absolute().gradient(3, 3), 0.0);
    }

    /** δ = 1: r = 0.5 → ½r² = 0.125, slope 0.5; r = ±3 → δ(|r| - ½δ) = 2.5, slope ±1; continuous at |r| = δ. */
    @Test
    void shouldComputeHuberLossQuadraticNearAndLinearFar() {
        Loss huber = Loss.huber(1.0);
        assertEquals(0.125, huber.value(2.5, 2), 0.0);
        assertEquals(0.5, huber.gradient(2.5, 2), 0.0);
        assertEquals(2.5, huber.value(5, 2), 0.0);
        assertEquals(1, huber.gradient(5, 2), 0.0);
        assertEquals(2.5, huber.value(-1, 2), 0.0);
        assertEquals(-1, huber.gradient(-1, 2), 0.0);
        assertEquals(0.5, huber.value(3, 2), 0.0);
        assertEquals(0.5 * (2.5 - 0.25), Loss.huber(0.5).value(2.5, 0), 1e-15);
        assertEquals(0.5, Loss.huber(0.5).gradient(2.5, 0), 0.0);
        for (double delta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            LearnerConfig config = LearnerConfig.builder("h").loss(Loss.huber(delta)).build();
            assertEquals(1, config.problems(1).size(), "delta " + delta);
            assertTrue(config.problems(1).get(0).contains("Huber delta"), config.problems(1).get(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Learner(config, 1));
            assertTrue(e.getMessage().contains("Huber delta"), e.getMessage());
        }
    }

    /** p = 0.8: y = 1 → -ln 0.8, slope (0.8 - 1)/(0.8·0.2) = -1.25; y = 0 → -ln 0.2, slope 0.8/0.16 = 5. */
    @Test
    void shouldComputeLogLossOfAProbability() {
        assertEquals(-Math.log(0.8), Loss.log().value(0.8, 1), 1e-15);
        assertEquals(-1.25, Loss.log().gradient(0.8, 1), 1e-14);
        assertEquals(-Math.log(0.2), Loss.log().value(0.8, 0), 1e-15);
        assertEquals(5, Loss.log().gradient(0.8, 0), 1e-14);
    }

    @Test
    void shouldKeepLogLossFiniteForConfidentWrongPredictions() {
        assertEquals(-Math.log(1e-15), Loss.log().value(0, 1), 1e-9);
        assertEquals(-Math.log(1e-15), Loss.log().value(1, 0), 0.1);
        assertTrue(Double.isFinite(Loss.log().gradient(0, 1)));
        assertTrue(Double.isFinite(Loss.log().gradient(1, 0)));
        assertTrue(Loss.log().gradient(0, 1) < -1e14);
    }
}
