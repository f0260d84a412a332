package dev.descent.model;

/** {@code L = |y - ŷ|}, {@code ∂L/∂ŷ = sign(ŷ - y)}. */
final class AbsoluteLoss implements Loss {
    static final AbsoluteLoss INSTANCE = new AbsoluteLoss();

    private AbsoluteLoss() {
    }

    @Override
    public double value(double prediction, double label) {
        return Math.abs(label - prediction);
    }

    @Override
    public double gradient(double prediction, double label) {
        return Math.signum(prediction - label);
    }
}
