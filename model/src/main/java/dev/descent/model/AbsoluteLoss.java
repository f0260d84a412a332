package dev.descent.model;

/** {@code L = |y - ŷ|}, {@code ∂L/∂ŷ = sign(ŷ - y)}. */
public record AbsoluteLoss() implements Loss {

    @Override public String kind() { return "absolute"; }

    @Override
    public double value(double prediction, double label) {
        return Math.abs(label - prediction);
    }

    @Override
    public double gradient(double prediction, double label) {
        return Math.signum(prediction - label);
    }
}
