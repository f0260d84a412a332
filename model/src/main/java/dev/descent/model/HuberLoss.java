package dev.descent.model;

import java.util.List;

/**
 * Squared near the label, absolute far from it: outliers pull with a bounded force δ.
 * {@code L = ½r²} for {@code |r| ≤ δ}, else {@code δ(|r| - ½δ)}, with {@code r = ŷ - y}.
 */
public record HuberLoss(double huberDelta) implements Loss {

    public HuberLoss() {
        this(1.0);
    }

    @Override public String kind() { return "huber"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return huberDelta > 0 && Double.isFinite(huberDelta) ? List.of()
                : List.of("Huber delta must be a positive number, got " + huberDelta);
    }

    @Override
    public double value(double prediction, double label) {
        double r = Math.abs(prediction - label);
        return r <= huberDelta ? 0.5 * r * r : huberDelta * (r - 0.5 * huberDelta);
    }

    @Override
    public double gradient(double prediction, double label) {
        double r = prediction - label;
        return r > huberDelta ? huberDelta : (r < -huberDelta ? -huberDelta : r);
    }
}
