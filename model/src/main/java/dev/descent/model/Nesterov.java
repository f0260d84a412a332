package dev.descent.model;

import java.util.List;

/**
 * Nesterov's accelerated gradient in the form that needs no gradient at a look-ahead point
 * (Sutskever et al. 2013; Bengio et al. 2013): {@code v ← βv - η_t g}, {@code Δθ = βv - η_t g}
 * with the new {@code v}. It is Sutskever's {@code v ← βv - η∇L(θ + βv)}, {@code θ ← θ + v}
 * written for the look-ahead parameters {@code θ + βv}, which are the ones it keeps.
 */
public record Nesterov(double momentum) implements OptimizerSpec {

    public Nesterov() {
        this(0.9);
    }

    @Override public String kind() { return "nesterov"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return Momentum.problems(momentum);
    }

    @Override
    public Optimizer create(Schedule schedule, int parameters) {
        return new Steps(schedule, momentum, new double[parameters]);
    }

    private static final class Steps extends Momentum.Steps {
        Steps(Schedule schedule, double beta, double[] velocity) {
            super(schedule, beta, velocity);
        }

        @Override
        void advance(double eta, double[] gradient, double[] delta, double[] theta) {
            for (int i = 0; i < delta.length; i++) {
                double step = -eta * gradient[i];
                double v = Math.fma(beta, velocity[i], step);
                velocity[i] = v;
                double d = Math.fma(beta, v, step);
                delta[i] = d;
                if (theta != null) {
                    theta[i] += d;
                }
            }
        }
    }
}
