package dev.descent.model;

/**
 * Negative log-likelihood of a Bernoulli label: {@code L = -(y ln p + (1-y) ln(1-p))},
 * {@code ∂L/∂p = (p - y) / (p(1 - p))}. The probability is clamped away from 0 and 1 so a
 * confident wrong prediction gives a large finite loss rather than infinity.
 */
final class LogLoss implements Loss {
    static final LogLoss INSTANCE = new LogLoss();
    private static final double EPS = 1e-15;

    private LogLoss() {
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
