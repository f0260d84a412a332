package dev.descent.model;

import java.util.List;

/** Heavy-ball momentum: {@code v ← βv - η_t g}, {@code Δθ = v}. */
public record Momentum(double momentum) implements OptimizerSpec {

    public Momentum() {
        this(0.9);
    }

    @Override public String kind() { return "momentum"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return problems(momentum);
    }

    /** The check of a momentum factor β, shared with {@link Nesterov}. */
    static List<String> problems(double momentum) {
        return momentum >= 0 && momentum < 1 ? List.of() : List.of("momentum must be in [0, 1), got " + momentum);
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, momentum, new double[parameters]);
    }

    /** Heavy-ball steps; {@link Nesterov} takes its own from the same velocity. */
    static class Steps extends ElementwiseOptimizer {
        final double beta;
        final double[] velocity;

        Steps(Schedule schedule, double beta, double[] velocity) {
            super(schedule, new Moment(velocity, beta));
            this.beta = beta;
            this.velocity = velocity;
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
            for (int i = 0; i < delta.length; i++) {
                double d = beta * velocity[i] - eta * gradient[i];
                velocity[i] = d;
                delta[i] = d;
                if (theta != null) {
                    theta[i] += d;
                }
            }
        }
    }
}
