package dev.descent.model;

/** Plain stochastic gradient descent: {@code Δθ = -η_t g}. Stateless apart from the schedule. */
public record Sgd() implements OptimizerSpec {

    @Override public String kind() { return "sgd"; }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule);
    }

    private static final class Steps extends ElementwiseOptimizer {
        Steps(Schedule schedule) {
            super(schedule);
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
            for (int i = 0; i < delta.length; i++) {
                double d = -eta * gradient[i];
                delta[i] = d;
                if (theta != null) {
                    theta[i] += d;
                }
            }
        }
    }
}
