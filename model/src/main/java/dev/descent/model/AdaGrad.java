package dev.descent.model;

import java.util.List;

/** AdaGrad: {@code G ← G + g²}, {@code Δθ = -η_t g / (√G + ε)}. */
public record AdaGrad(double epsilon) implements OptimizerSpec {

    public AdaGrad() {
        this(1e-8);
    }

    @Override public String kind() { return "adagrad"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return epsilon > 0 ? List.of() : List.of("epsilon must be positive, got " + epsilon);
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, epsilon, new double[parameters]);
    }

    private static final class Steps extends ElementwiseOptimizer {
        private final double epsilon;
        private final double[] sumSquares;

        Steps(Schedule schedule, double epsilon, double[] sumSquares) {
            super(schedule, new Moment(sumSquares, 1));
            this.epsilon = epsilon;
            this.sumSquares = sumSquares;
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
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
    }
}
