package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba): {@code m ← β1 m + (1-β1) g}, {@code v ← β2 v + (1-β2) g²},
 * {@code Δθ = -η_t · m̂ / (√v̂ + ε)} with bias-corrected {@code m̂ = m/(1-β1^t)},
 * {@code v̂ = v/(1-β2^t)}.
 */
public record Adam(double beta1, double beta2, double epsilon) implements OptimizerSpec {

    public Adam() {
        this(0.9, 0.999, 1e-8);
    }

    @Override public String kind() { return "adam"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        List<String> problems = new ArrayList<>();
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 > 0 && beta2 < 1)) {
            problems.add("Adam needs 0 <= beta1 < 1 and 0 < beta2 < 1, got beta1=" + beta1 + " beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            problems.add("epsilon must be positive, got " + epsilon);
        }
        return problems;
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, this, new double[parameters], new double[parameters]);
    }

    private static final class Steps extends ElementwiseOptimizer {
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        private final double[] m;
        private final double[] v;
        private double beta1Power = 1;       // β1^t, kept as a product: Math.pow per step is slow
        private double beta2Power = 1;

        Steps(Schedule schedule, Adam settings, double[] m, double[] v) {
            super(schedule, new Moment(m, settings.beta1), new Moment(v, settings.beta2));
            this.beta1 = settings.beta1;
            this.beta2 = settings.beta2;
            this.epsilon = settings.epsilon;
            this.m = m;
            this.v = v;
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
            beta1Power *= beta1;
            beta2Power *= beta2;
            double c1 = 1 / (1 - beta1Power);
            double c2 = 1 / (1 - beta2Power);
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
        void merged(long steps) {
            beta1Power *= Math.pow(beta1, steps);
            beta2Power *= Math.pow(beta2, steps);
        }

        @Override
        public void restart(long steps) {
            super.restart(steps);
            beta1Power = 1;
            beta2Power = 1;
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            super.writeState(out);
            StateIo.writeDouble(out, beta1Power);
            StateIo.writeDouble(out, beta2Power);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            super.readState(in);
            beta1Power = StateIo.readDouble(in);
            beta2Power = StateIo.readDouble(in);
        }
    }
}
