package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** AdaGrad: {@code G ← G + g²}, {@code Δθ = -η_t g / (√G + ε)}. */
public final class AdaGrad implements Optimizer {
    private final Schedule schedule;
    private final double epsilon;
    private final double[] sumSquares;

    public AdaGrad(Schedule schedule, double epsilon, int parameters) {
        this.schedule = schedule;
        this.epsilon = epsilon;
        this.sumSquares = new double[parameters];
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
            double s = sumSquares[i] + g * g;
            sumSquares[i] = s;
            double d = -eta * g / (Math.sqrt(s) + epsilon);
            delta[i] = d;
            if (theta != null) {
                theta[i] += d;
            }
        }
    }

    @Override public void writeState(DataOutput out) throws IOException { StateIo.writeDoubles(out, sumSquares); }

    @Override public void readState(DataInput in) throws IOException { StateIo.readDoubles(in, sumSquares); }
}
