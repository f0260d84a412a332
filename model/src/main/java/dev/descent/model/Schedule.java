package dev.descent.model;

import java.util.List;

/**
 * Learning rate as a function of the update count {@code t} (1 for the first update). The
 * optimizer owns one and asks it once per update.
 */
public interface Schedule extends Component {

    /** {@code η} at the first update. */
    double learningRate();

    double at(long t);

    static Schedule constant(double learningRate) {
        return new Constant(learningRate);
    }

    static Schedule inverseScaling(double learningRate, double power) {
        return new InverseScaling(learningRate, power);
    }

    static Schedule step(double learningRate, long every, double factor) {
        return new StepDecay(learningRate, every, factor);
    }

    /** {@code η}. */
    record Constant(double learningRate) implements Schedule {
        public Constant() {
            this(0.01);
        }

        public Constant {
            requirePositiveRate(learningRate);
        }

        @Override public String kind() { return "constant"; }

        @Override public double at(long t) { return learningRate; }
    }

    /** {@code η / t^power} (scikit-learn's "invscaling"). */
    record InverseScaling(double learningRate, double power) implements Schedule {
        public InverseScaling() {
            this(0.01, 0.25);
        }

        public InverseScaling {
            requirePositiveRate(learningRate);
            if (!(power > 0 && Double.isFinite(power))) {
                throw new IllegalArgumentException("inverse-scaling power must be positive, got " + power);
            }
        }

        @Override public String kind() { return "invscaling"; }

        @Override public double at(long t) { return learningRate / Math.pow(t, power); }
    }

    /** {@code η · stepFactor^⌊(t-1) / stepEvery⌋}. */
    record StepDecay(double learningRate, long stepEvery, double stepFactor) implements Schedule {
        public StepDecay() {
            this(0.01, 1000, 0.5);
        }

        public StepDecay {
            requirePositiveRate(learningRate);
            if (stepEvery < 1 || !(stepFactor > 0) || stepFactor > 1) {
                throw new IllegalArgumentException("step schedule needs every >= 1 and 0 < factor <= 1, got every="
                        + stepEvery + " factor=" + stepFactor);
            }
        }

        @Override public String kind() { return "step"; }

        @Override public double at(long t) { return learningRate * Math.pow(stepFactor, (t - 1) / stepEvery); }
    }

    private static void requirePositiveRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + rate);
        }
    }
}
