package dev.descent.model;

/**
 * Learning rate as a function of the update count {@code t} (1 for the first update).
 *
 * <ul>
 *   <li>{@code CONSTANT}: {@code η}</li>
 *   <li>{@code INVERSE_SCALING}: {@code η / t^power} (scikit-learn's "invscaling")</li>
 *   <li>{@code STEP}: {@code η · factor^⌊(t-1) / every⌋}</li>
 * </ul>
 */
public record Schedule(Kind kind, double rate, double power, long every, double factor) {

    public enum Kind { CONSTANT, INVERSE_SCALING, STEP }

    public Schedule {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + rate);
        }
        if (kind == Kind.INVERSE_SCALING && !(power > 0 && Double.isFinite(power))) {
            throw new IllegalArgumentException("inverse-scaling power must be positive, got " + power);
        }
        if (kind == Kind.STEP && (every < 1 || !(factor > 0) || factor > 1)) {
            throw new IllegalArgumentException("step schedule needs every >= 1 and 0 < factor <= 1, got every="
                    + every + " factor=" + factor);
        }
    }

    public static Schedule constant(double rate) {
        return new Schedule(Kind.CONSTANT, rate, 0, 1, 1);
    }

    public static Schedule inverseScaling(double rate, double power) {
        return new Schedule(Kind.INVERSE_SCALING, rate, power, 1, 1);
    }

    public static Schedule step(double rate, long every, double factor) {
        return new Schedule(Kind.STEP, rate, 0, every, factor);
    }

    public double at(long t) {
        return switch (kind) {
            case CONSTANT -> rate;
            case INVERSE_SCALING -> rate / Math.pow(t, power);
            case STEP -> rate * Math.pow(factor, (t - 1) / every);
        };
    }
}
