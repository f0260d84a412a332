package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An optimizer whose step treats every parameter on its own (SGD, momentum, AdaGrad, RMSProp,
 * Adam): it owns the schedule and its per-parameter moment arrays, which it saves and restores.
 * A subclass writes only its step, one loop over the parameters that both writes {@code Δθ} and,
 * when given {@code theta}, adds it there: one pass over the arrays instead of two.
 */
abstract class ElementwiseOptimizer implements Optimizer {
    private final Schedule schedule;
    private final double[][] moments;

    /** @param moments the arrays of per-parameter state, each as long as the parameters */
    ElementwiseOptimizer(Schedule schedule, double[]... moments) {
        this.schedule = schedule;
        this.moments = moments;
    }

    @Override
    public final void computeStep(long t, double[] gradient, double[] outputGradient, double[] delta) {
        advance(schedule.at(t), gradient, delta, null);
    }

    @Override
    public final void step(long t, double[] gradient, double[] outputGradient, double[] delta, double[] theta) {
        advance(schedule.at(t), gradient, delta, theta);
    }

    /**
     * Writes {@code Δθ} for rate {@code eta} into {@code delta}, and adds it to {@code theta} unless
     * that is null (the JIT compiles one loop for each case).
     */
    abstract void advance(double eta, double[] gradient, double[] delta, double[] theta);

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (double[] m : moments) {
            StateIo.writeDoubles(out, m);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        for (double[] m : moments) {
            StateIo.readDoubles(in, m);
        }
    }
}
