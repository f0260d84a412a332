package dev.descent.model;

import java.util.List;

/**
 * Negative log-likelihood of a Bernoulli label: {@code L = -(y ln p + (1-y) ln(1-p))},
 * {@code ∂L/∂p = (p - y) / (p(1 - p))}. The probability is clamped away from 0 and 1 so a
 * confident wrong prediction gives a large finite loss rather than infinity.
 */
public record LogLoss() implements Loss {
    private static final double EPS = 1e-15;

    @Override public String kind() { return "log"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return learner.model().outputsProbability(learner) ? List.of()
                : List.of("log loss needs a probability output: a logistic model or an MLP with a threshold");
    }

    @Override
    public double value(double prediction, double label) {
        double p = clamp(prediction);
        return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
    }

    @Override
    public double gradient(double prediction, double label) {
        double p = clamp(prediction);
        return (p - label) / (p * (1 - p));
    }

    private static double clamp(double p) {
        return p < EPS ? EPS : (p > 1 - EPS ? 1 - EPS : p);
    }
}
