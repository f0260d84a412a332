package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * An optimizer whose step treats every parameter on its own (SGD, momentum, AdaGrad, RMSProp,
 * Adam): it owns the schedule and its per-parameter moment arrays, which it saves and restores.
 * A subclass writes only its step, one loop over the parameters that both writes {@code Δθ} and,
 * when given {@code theta}, adds it there: one pass over the arrays instead of two.
 */
abstract class ElementwiseOptimizer implements Optimizer {

    /**
     * Per-parameter state that each update multiplies by {@code decay} before adding the update's
     * own term: an exponential moving average (momentum, RMSProp, Adam), or a plain sum with
     * decay 1 (AdaGrad).
     */
    record Moment(double[] values, double decay) {
    }

    private final Schedule schedule;
    private final Moment[] moments;

    /** @param moments the per-parameter state, each array as long as the parameters */
    ElementwiseOptimizer(Schedule schedule, Moment... moments) {
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

    /**
     * The parameters' difference, then per moment what the replica's own updates added:
     * {@code m - decay^steps · m_base} (what is left of the base after those updates taken away).
     */
    @Override
    public final double[] since(Optimizer base, double[] theta, double[] baseTheta, long steps) {
        ElementwiseOptimizer from = (ElementwiseOptimizer) base;
        int p = theta.length;
        double[] delta = new double[p * (1 + moments.length)];
        for (int i = 0; i < p; i++) {
            delta[i] = theta[i] - baseTheta[i];
        }
        for (int k = 0; k < moments.length; k++) {
            double kept = Math.pow(moments[k].decay(), steps);
            double[] m = moments[k].values();
            double[] mb = from.moments[k].values();
            for (int i = 0; i < p; i++) {
                delta[p * (k + 1) + i] = m[i] - kept * mb[i];
            }
        }
        return delta;
    }

    /**
     * Adds the parameters' difference; each moment decays by {@code decay^steps} (the updates
     * merged in, as if they had come after this state's) and takes the replica's own terms.
     */
    @Override
    public final void merge(double[] delta, long steps, double[] theta, double weight) {
        int p = theta.length;
        if (delta.length != p * (1 + moments.length)) {
            throw new IllegalArgumentException("optimizer delta of " + delta.length + " values, expected "
                    + p * (1 + moments.length));
        }
        for (int i = 0; i < p; i++) {
            theta[i] = Math.fma(weight, delta[i], theta[i]);
        }
        for (int k = 0; k < moments.length; k++) {
            double kept = Math.pow(moments[k].decay(), steps);
            double[] m = moments[k].values();
            for (int i = 0; i < p; i++) {
                m[i] = Math.fma(kept, m[i], weight * delta[p * (k + 1) + i]);
            }
        }
        merged(steps);
    }

    /** Bookkeeping beyond the moments after {@code steps} updates were merged in (Adam's bias powers). */
    void merged(long steps) {
    }

    /** Every moment back to zero, as a new optimizer has it; a running average holds no memory worth keeping. */
    @Override
    public void restart(long steps) {
        for (Moment m : moments) {
            Arrays.fill(m.values(), 0);
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (Moment m : moments) {
            StateIo.writeDoubles(out, m.values());
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        for (Moment m : moments) {
            StateIo.readDoubles(in, m.values());
        }
    }
}
