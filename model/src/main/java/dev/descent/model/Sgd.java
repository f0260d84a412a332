package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;

/** Plain stochastic gradient descent: {@code Δθ = -η_t g}. Stateless apart from the schedule. */
public final class Sgd implements Optimizer {
    private final Schedule schedule;

    public Sgd(Schedule schedule) {
        this.schedule = schedule;
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
            double d = -eta * gradient[i];
            delta[i] = d;
            if (theta != null) {
                theta[i] += d;
            }
        }
    }

    @Override public void writeState(DataOutput out) { }

    @Override public void readState(DataInput in) { }
}
