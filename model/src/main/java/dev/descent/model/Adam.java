package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Adam (Kingma and Ba): {@code m ← β1 m + (1-β1) g}, {@code v ← β2 v + (1-β2) g²},
 * {@code Δθ = -η_t · m̂ / (√v̂ + ε)} with bias-corrected {@code m̂ = m/(1-β1^t)},
 * {@code v̂ = v/(1-β2^t)}.
 */
public final class Adam implements Optimizer {
    private final Schedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private double beta1Power = 1;       // β1^t, kept as a product: Math.pow per step is slow
    private double beta2Power = 1;

    public Adam(Schedule schedule, double beta1, double beta2, double epsilon, int parameters) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta1 < 1 and 0 < beta2 < 1, got "
                    + beta1 + ", " + beta2);
        }
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[parameters];
        this.v = new double[parameters];
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
        beta1Power *= beta1;
        beta2Power *= beta2;
        double c1 = 1 / (1 - beta1Power);
        double c2 = 1 / (1 - beta2Power);
        double eta = schedule.at(t);
        for (int i = 0; i < delta.length; i++) {
            double g = gradient[i];
            double mi = beta1 * m[i] + (1 - beta1) * g;
            double vi = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            double d = -eta * (mi * c1) / (Math.sqrt(vi * c2) + epsilon);
            delta[i] = d;
            if (theta != null) {
                theta[i] += d;
            }
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeDoubles(out, m);
        StateIo.writeDoubles(out, v);
        StateIo.writeDouble(out, beta1Power);
        StateIo.writeDouble(out, beta2Power);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StateIo.readDoubles(in, m);
        StateIo.readDoubles(in, v);
        beta1Power = StateIo.readDouble(in);
        beta2Power = StateIo.readDouble(in);
    }
}
