package dev.descent.model;

/** {@code L = (y - ŷ)²}, {@code ∂L/∂ŷ = 2(ŷ - y)}. */
public record SquaredLoss() implements Loss {

    @Override public String kind() { return "squared"; }

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
