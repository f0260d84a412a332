package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a drift's {@code reset} does to each kind of optimizer state ({@link Optimizer#restart}). */
class OptimizerRestartTest {
    private static final int P = 4;

    private static byte[] state(Optimizer o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        o.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** {@code steps} updates of random gradients (and inputs, for RLS). */
    private static Optimizer trained(OptimizerSpec spec, int steps) {
        Optimizer o = spec.create(Schedule.constant(0.01), P);
        SplittableRandom random = new SplittableRandom(1);
        double[] theta = new double[P];
        for (int t = 1; t <= steps; t++) {
            double[] x = random.doubles(P, -1, 1).toArray();
            double[] g = x.clone();
            for (int i = 0; i < P; i++) {
                g[i] *= 2 * random.nextGaussian();
            }
            o.step(t, g, x, new double[P], theta);
        }
        return o;
    }

    @Test
    void momentsStartAfreshAsANewOptimizersDo() throws IOException {
        for (OptimizerSpec spec : new OptimizerSpec[] {new Sgd(), new Momentum(), new Nesterov(), new AdaGrad(),
                new RmsProp(), new Adam()}) {
            Optimizer o = trained(spec, 500);
            o.restart(500);
            assertArrayEquals(state(spec.create(Schedule.constant(0.01), P)), state(o), spec.kind());
        }
    }

    /** P ≈ (Σxxᵀ)⁻¹ after n records; scaled by n/M, it holds M records' worth of information (M = RESTART_MEMORY). */
    @Test
    void recursiveLeastSquaresInflatesItsCovarianceToTheMemoryItKeeps() throws IOException {
        Optimizer few = trained(new RecursiveLeastSquares(), Optimizer.RESTART_MEMORY);
        byte[] before = state(few);
        few.restart(Optimizer.RESTART_MEMORY);
        assertArrayEquals(before, state(few), "fewer updates than the memory: nothing to forget");

        Optimizer many = trained(new RecursiveLeastSquares(), 5_000);
        double[] p = doubles(state(many));
        many.restart(5_000);
        double[] inflated = doubles(state(many));
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i] * 5_000 / Optimizer.RESTART_MEMORY, inflated[i], Math.abs(p[i]) * 1e-12, "P[" + i + "]");
        }
    }

    private static double[] doubles(byte[] bytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        double[] out = new double[bytes.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getDouble();
        }
        return out;
    }
}
