package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The seed notes' network y = b + Σ c_i·σ(b_i + Σ_j w_ij x_j) with w = [[0.8, -0.2], [0.5, -0.6]],
 * b_i = (0.5, -0.3), c = (10, -8), b = 5 at x = (100, 5):
 *
 * <pre>
 *   z1 = 0.8·100 - 0.2·5 + 0.5 = 80 - 1 + 0.5 = 79.5
 *   z2 = 0.5·100 - 0.6·5 - 0.3 = 50 - 3 - 0.3 = 46.7
 *   ŷ  = 10·σ(79.5) - 8·σ(46.7) + 5 ≈ 10 - 8 + 5 = 7
 * </pre>
 */
class SeedNotesSigmoidNetworkTest {
    private static final double[] X = {100, 5};
    private static final double[] HIDDEN = {0.8, -0.2, 0.5, -0.6, 0.5, -0.3};

    @Test
    void shouldComputeSeedNotesHiddenPreActivations() {
        double z1 = 0.8 * 100 + (-0.2) * 5 + 0.5;
        double z2 = 0.5 * 100 + (-0.6) * 5 + (-0.3);
        assertEquals(79.5, z1, 1e-12);
        assertEquals(46.7, z2, 1e-12);
        // An identity network with the same hidden layer and an output that picks one unit exposes z.
        Mlp linear = new Mlp(2, new int[] {2}, Activation.IDENTITY, Activation.IDENTITY);
        double[] theta = linear.parameters();
        System.arraycopy(HIDDEN, 0, theta, 0, 6);
        theta[6] = 1;
        theta[7] = 0;
        theta[8] = 0;
        assertEquals(79.5, linear.predict(X), 1e-12);
        theta[6] = 0;
        theta[7] = 1;
        assertEquals(46.7, linear.predict(X), 1e-12);
    }

    @Test
    void shouldPredictSevenWithTheSeedNotesSigmoidNetwork() {
        Mlp mlp = new Mlp(2, new int[] {2}, Activation.SIGMOID, Activation.IDENTITY);
        assertEquals(9, mlp.parameters().length);
        System.arraycopy(new double[] {0.8, -0.2, 0.5, -0.6, 0.5, -0.3, 10, -8, 5}, 0, mlp.parameters(), 0, 9);

        double expected = 10 * (1 / (1 + Math.exp(-79.5))) - 8 * (1 / (1 + Math.exp(-46.7))) + 5;
        double prediction = mlp.predict(X);
        assertEquals(expected, prediction, 1e-9);
        assertEquals(7, prediction, 1e-6);
    }
}
