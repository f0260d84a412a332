package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** RMSProp: {@code v ← ρv + (1-ρ)g²}, {@code Δθ = -η_t g / (√v + ε)}. */
public final class RmsProp implements Optimizer {
    private final Schedule schedule;
    private final double rho;
    private final double epsilon;
    private final double[] meanSquare;

    public RmsProp(Schedule schedule, double rho, double epsilon, int parameters) {
        if (!(rho > 0 && rho < 1)) {
            throw new IllegalArgumentException("RMSProp decay must be in (0, 1), got " + rho);
        }
        this.schedule = schedule;
        this.rho = rho;
        this.epsilon = epsilon;
        this.meanSquare = new double[parameters];
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
            double g = gradient[i];
            double v = rho * meanSquare[i] + (1 - rho) * g * g;
            meanSquare[i] = v;
            double d = -eta * g / (Math.sqrt(v) + epsilon);
            delta[i] = d;
            if (theta != null) {
                theta[i] += d;
            }
        }
    }

    @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, meanSquare); }

    @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, meanSquare); }
}
