package dev.descent.model;

/**
 * The step an update actually took along its gradient, {@code ‖Δθ‖/‖g‖}: the effective learning
 * rate, whatever the optimizer. Only reports read it, so {@code ‖Δθ‖²} waits until asked for:
 * the optimizer writes {@code Δθ} into {@link #scratch()}, which is kept, not copied, when the
 * update lands.
 */
final class LandedStep {
    private double[] scratch;
    private double[] landed;
    private double landedGradientSquaredNorm;   // ‖g‖² of the landed update, after clipping
    private boolean pending;
    private double ratio = Double.NaN;          // ‖Δθ‖²/‖g‖²

    LandedStep(int parameters) {
        scratch = new double[parameters];
        landed = new double[parameters];
    }

    /** Where the optimizer writes the next {@code Δθ}. */
    double[] scratch() {
        return scratch;
    }

    /** The step in {@link #scratch()} landed, for a gradient of squared norm {@code gradientSquaredNorm}. */
    void land(double gradientSquaredNorm) {
        double[] step = scratch;
        scratch = landed;
        landed = step;
        landedGradientSquaredNorm = gradientSquaredNorm;
        pending = true;
    }

    /** {@code ‖Δθ‖²/‖g‖²} of the latest update (NaN before the first, or for a zero gradient). */
    double squaredRatio() {
        if (pending) {
            ratio = landedGradientSquaredNorm > 0 ? Vectors.squaredNorm(landed) / landedGradientSquaredNorm : Double.NaN;
            pending = false;
        }
        return ratio;
    }

    void restore(double squaredRatio) {
        ratio = squaredRatio;
        pending = false;
    }
}
