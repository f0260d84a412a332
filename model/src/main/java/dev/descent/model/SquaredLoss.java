package dev.descent.model;

/** {@code L = (y - ŷ)²}, {@code ∂L/∂ŷ = 2(ŷ - y)}. */
final class SquaredLoss implements Loss {
    static final SquaredLoss INSTANCE = new SquaredLoss();

    private SquaredLoss() {
    }

    @Override
    public double value(double prediction, double label) {
        double r = label - prediction;
        return r * r;
    }

    @Override
    public double gradient(double prediction, double label) {
        return 2 * (prediction - label);
    }
}
