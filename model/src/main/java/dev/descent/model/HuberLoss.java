package dev.descent.model;

/**
 * Squared near the label, absolute far from it: outliers pull with a bounded force δ.
 * {@code L = ½r²} for {@code |r| ≤ δ}, else {@code δ(|r| - ½δ)}, with {@code r = ŷ - y}.
 */
final class HuberLoss implements Loss {
    private final double delta;

    HuberLoss(double delta) {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("Huber delta must be a positive number, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public double value(double prediction, double label) {
        double r = Math.abs(prediction - label);
        return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
    }

    @Override
    public double gradient(double prediction, double label) {
        double r = prediction - label;
        return r > delta ? delta : (r < -delta ? -delta : r);
    }
}
