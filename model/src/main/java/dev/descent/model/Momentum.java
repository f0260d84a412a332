package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Heavy-ball momentum: {@code v ← βv - η_t g}, {@code Δθ = v}. */
public final class Momentum implements Optimizer {
    private final Schedule schedule;
    private final double beta;
    private final double[] velocity;

    public Momentum(Schedule schedule, double beta, int parameters) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
        }
        this.schedule = schedule;
        this.beta = beta;
        this.velocity = new double[parameters];
    }

    @Override
    public void computeStep(long t, double[] gradient, double[] outputGradient, double[] delta) {
        advance(t, gradient, delta, null);
    }

    @Override
    public void step(long t, double[] gradient, double[] outputGradient, double[] delta, double[] theta) {
        advance(t, gradient, delta, theta);
    }

    /** Writes Δθ, and adds it to {@code theta} unless that is null (the JIT compiles one loop for each case). */
    private void advance(long t, double[] gradient, double[] delta, double[] theta) {
        double eta = schedule.at(t);
        for (int i = 0; i < delta.length; i++) {
            double d = beta * velocity[i] - eta * gradient[i];
            velocity[i] = d;
            delta[i] = d;
            if (theta != null) {
                theta[i] += d;
            }
        }
    }

    @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, velocity); }

    @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, velocity); }
}
