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
        double eta = schedule.at(t);
        for (int i = 0; i < delta.length; i++) {
            double g = gradient[i];
            meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g * g;
            delta[i] = -eta * g / (Math.sqrt(meanSquare[i]) + epsilon);
        }
    }

    @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, meanSquare); }

    @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, meanSquare); }
}
