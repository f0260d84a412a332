package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

    @Test
    void shouldComputeTheSigmoidSafelyAtBothExtremes() {
        assertEquals(0.5, Activation.sigmoid(0), 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), Activation.sigmoid(2), 1e-16);
        assertEquals(1 - 1 / (1 + Math.exp(-2)), Activation.sigmoid(-2), 1e-15);
        assertEquals(1, Activation.sigmoid(1000), 0.0);
        assertEquals(0, Activation.sigmoid(-1000), 0.0);
        assertEquals(Math.exp(-700), Activation.sigmoid(-700), 1e-16 * Math.exp(-700));
    }

    @Test
    void shouldClampTheHardSigmoidToTheUnitInterval() {
        Activation h = Activation.HARD_SIGMOID;
        assertEquals(0, h.apply(-0.5), 0.0);
        assertEquals(0.25, h.apply(0.25), 0.0);
        assertEquals(1, h.apply(1.5), 0.0);
        assertEquals(0, h.derivative(-0.5, 0), 0.0);
        assertEquals(1, h.derivative(0.25, 0.25), 0.0);
        assertEquals(0, h.derivative(1.5, 1), 0.0);
        // relu(z) - relu(z - 1), as in the seed notes
        for (double z = -2; z <= 2; z += 0.125) {
            assertEquals(Activation.RELU.apply(z) - Activation.RELU.apply(z - 1), h.apply(z), 0.0, "z = " + z);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldHaveADerivativeMatchingCentralDifferencesAwayFromKinks(Activation activation) {
        double h = 1e-6;
        for (double z : new double[] {-2.3, -0.7, 0.3, 0.55, 1.7, 4.1}) {
            double numeric = (activation.apply(z + h) - activation.apply(z - h)) / (2 * h);
            assertEquals(numeric, activation.derivative(z, activation.apply(z)), 1e-8, activation + " at " + z);
        }
    }
}
