package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a gradient into a parameter change.
 *
 * <p>Lifecycle: created from configuration with zeroed state; {@link #computeStep} once per
 * update; {@link #writeState}/{@link #readState} carry the state (moments, curvature) with
 * the weights so it survives a restart. The optimizer only proposes {@code Δθ}: the learner
 * applies it after checking that every new parameter is finite, so a diverging step never
 * overwrites the last good parameters.
 */
public interface Optimizer {

    /**
     * Writes the change {@code Δθ} into {@code delta} (the caller adds it to the parameters).
     *
     * @param t              update count, 1 for the first update
     * @param gradient       {@code ∂L/∂θ} (averaged over the mini-batch)
     * @param outputGradient {@code ∂ŷ/∂θ} of the latest record; used by second-order methods only
     */
    void computeStep(long t, double[] gradient, double[] outputGradient, double[] delta);

    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;
}
