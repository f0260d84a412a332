package dev.descent.model;

import java.util.ArrayList;
import java.util.List;

/** RMSProp: {@code v ← ρv + (1-ρ)g²}, {@code Δθ = -η_t g / (√v + ε)}. */
public record RmsProp(double rho, double epsilon) implements OptimizerSpec {

    public RmsProp() {
        this(0.9, 1e-8);
    }

    @Override public String kind() { return "rmsprop"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        List<String> problems = new ArrayList<>();
        if (!(rho > 0 && rho < 1)) {
            problems.add("RMSProp decay rho must be in (0, 1), got " + rho);
        }
        if (!(epsilon > 0)) {
            problems.add("epsilon must be positive, got " + epsilon);
        }
        return problems;
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, rho, epsilon, new double[parameters]);
    }

    private static final class Steps extends ElementwiseOptimizer {
        private final double rho;
        private final double epsilon;
        private final double[] meanSquare;

        Steps(Schedule schedule, double rho, double epsilon, double[] meanSquare) {
            super(schedule, new Moment(meanSquare, rho));
            this.rho = rho;
            this.epsilon = epsilon;
            this.meanSquare = meanSquare;
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
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
    }
}
