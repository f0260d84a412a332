package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a gradient into a parameter change.
 *
 * <p>Lifecycle: created by its {@link OptimizerSpec} with zeroed state; {@link #step} (or
 * {@link #computeStep}) once per update; {@link #writeState}/{@link #readState} carry the state
 * (moments, curvature) with the weights so it survives a restart. A learner checks after each
 * step that every new parameter is finite and otherwise restores its last good parameters, so a
 * diverging step never survives.
 */
public interface Optimizer {

    /**
     * Writes the change {@code Δθ} into {@code delta} (the caller adds it to the parameters).
     *
     * @param t              update count, 1 for the first update
     * @param gradient       {@code ∂L/∂θ} (averaged over the mini-batch)
     * @param outputGradient {@code ∂ŷ/∂θ} of the latest record; used by second-order methods only
     *                       (see {@link #usesOutputGradient})
     */
    void computeStep(long t, double[] gradient, double[] outputGradient, double[] delta);

    /**
     * {@link #computeStep}, then {@code θ += Δθ}. Optimizers whose step is element-wise override
     * this to do both in their one pass over the parameters.
     */
    default void step(long t, double[] gradient, double[] outputGradient, double[] delta, double[] theta) {
        computeStep(t, gradient, outputGradient, delta);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += delta[i];
        }
    }

    /** Whether {@link #computeStep} reads its {@code outputGradient}; a learner fills it only then. */
    default boolean usesOutputGradient() {
        return false;
    }

    /**
     * What this optimizer, started as {@code base}, learned over {@code steps} updates, together
     * with the parameters it moved from {@code baseTheta} to {@code theta}: one flat array that
     * {@link #merge} adds to another copy of the learner (see docs/partitions.md, "Merge rule").
     * Here the parameters' difference; optimizers with state append theirs.
     */
    default double[] since(Optimizer base, double[] theta, double[] baseTheta, long steps) {
        double[] delta = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            delta[i] = theta[i] - baseTheta[i];
        }
        return delta;
    }

    /**
     * Adds a {@link #since} delta of {@code steps} updates to this state and {@code theta}, its
     * parameter change (and the replica's own moment terms) scaled by {@code weight}.
     */
    default void merge(double[] delta, long steps, double[] theta, double weight) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] = Math.fma(weight, delta[i], theta[i]);
        }
    }

    /**
     * After a drift: the state as if learning started again on the current parameters, where the
     * {@code steps} updates since the last restart count as at most {@value #RESTART_MEMORY}
     * updates' worth. Moments start afresh; recursive least squares inflates its covariance.
     */
    void restart(long steps);

    /**
     * Updates' worth of the past that a {@link #restart} keeps (where the state is a sum over
     * updates). Small: after a market move the past is mostly wrong, and RLS fits 13 parameters
     * again within a few dozen records. On the move (prices × 1.3, MarketMoveTest) the served
     * price's RMSE over the next 20,000 records was 22,184 with 100 and 21,338 with 30 (seed 42).
     */
    int RESTART_MEMORY = 30;

    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;
}
