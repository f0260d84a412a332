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
        double eta = schedule.at(t);
        for (int i = 0; i < delta.length; i++) {
            delta[i] = -eta * gradient[i];
        }
    }

    @Override public void writeState(DataOutput out) { }

    @Override public void readState(DataInput in) { }
}
