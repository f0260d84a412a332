package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Watches one learner's health: divergence, convergence, the live stability bounds and the
 * updates it refused.
 *
 * <ul>
 *   <li>Divergence: a non-finite loss, gradient or parameter, or a smoothed loss (window about
 *   {@code 1/LOSS_SMOOTHING} records) that grows {@value #EXPLOSION_FACTOR}-fold over its best.
 *   The parameters of the best smoothed loss are kept as a snapshot; on divergence they are put
 *   back and the learner only predicts from then on. Final.</li>
 *   <li>Convergence: the exponentially weighted gradient's norm under the tolerance, claimed
 *   only after {@value #CONVERGENCE_MIN_STEPS} updates.</li>
 *   <li>Bounds: {@link StabilityBound} for a linear model under squared loss, else none.</li>
 * </ul>
 */
final class LearnerHealth {

    /** Window of the smoothed gradient used for convergence, in updates. */
    static final double GRADIENT_SMOOTHING = 1e-3;
    /** Window of the smoothed loss used for divergence, in records. */
    static final double LOSS_SMOOTHING = 1e-2;
    /** A smoothed loss this many times its best (after warm-up) means the learner exploded. */
    static final double EXPLOSION_FACTOR = 1e6;
    static final long EXPLOSION_WARMUP = 3;
    /** Convergence is not claimed before this many updates (the first standardized records give zero gradients). */
    static final long CONVERGENCE_MIN_STEPS = 100;

    /**
     * The scalars of the watch, as snapshots keep them.
     *
     * @param lossWeight     {@code 1 - (1-α)^records}, the smoothed loss's bias correction
     * @param gradientWeight {@code 1 - (1-α)^steps}, the smoothed gradient's
     */
    record Figures(long skippedUpdates, double smoothedLoss, double lossWeight, double bestSmoothedLoss,
                   double gradientWeight, boolean diverged, Learner.Divergence divergence, long divergedAtRecord) {
    }

    private final double tolerance;
    private final double[] smoothedGradient;
    private final double[] bestParameters;
    private final StabilityBound bound;
    private long skippedUpdates;
    private double smoothedLoss;
    private double lossWeight;
    private double bestSmoothedLoss = Double.POSITIVE_INFINITY;
    private double gradientWeight;
    private boolean diverged;
    private Learner.Divergence divergence = Learner.Divergence.NONE;
    private long divergedAtRecord = -1;

    /** @param bound null when the learner has no stability bound */
    LearnerHealth(double tolerance, double[] initialParameters, StabilityBound bound) {
        this.tolerance = tolerance;
        this.smoothedGradient = new double[initialParameters.length];
        this.bestParameters = initialParameters.clone();
        this.bound = bound;
    }

    boolean diverged() {
        return diverged;
    }

    /** Adds a record's augmented input {@code x̃} to the bounds, if the learner has them. */
    void observe(double[] x) {
        if (bound != null) {
            bound.observe(x);
        }
    }

    /**
     * Smoothed-loss bookkeeping for the {@code records}-th record's loss {@code l}, with the
     * parameters it was predicted with; true when the loss exploded and the learner is now diverged
     * (its parameters put back).
     */
    boolean explodes(double l, long records, double[] parameters) {
        smoothedLoss = (1 - LOSS_SMOOTHING) * smoothedLoss + LOSS_SMOOTHING * l;
        lossWeight = (1 - LOSS_SMOOTHING) * lossWeight + LOSS_SMOOTHING;
        if (records < EXPLOSION_WARMUP) {
            return false;
        }
        // The bias-corrected loss is smoothedLoss / lossWeight; compared as products, which
        // spares a division per record.
        if (smoothedLoss < bestSmoothedLoss * lossWeight) {
            bestSmoothedLoss = smoothedLoss / lossWeight;
            System.arraycopy(parameters, 0, bestParameters, 0, bestParameters.length);
        }
        if (smoothedLoss > EXPLOSION_FACTOR * Math.max(bestSmoothedLoss, Double.MIN_NORMAL) * lossWeight) {
            diverge(Learner.Divergence.EXPLODING_LOSS, records, parameters);
            return true;
        }
        return false;
    }

    /** {@code ḡ ← (1-α)ḡ + αg}, bias-corrected when read by dividing by {@code 1-(1-α)^t}. */
    void smoothGradient(double[] gradient) {
        for (int i = 0; i < smoothedGradient.length; i++) {
            double g = smoothedGradient[i];
            smoothedGradient[i] = Math.fma(GRADIENT_SMOOTHING, gradient[i] - g, g);
        }
    }

    /** An update landed. */
    void stepped() {
        gradientWeight = (1 - GRADIENT_SMOOTHING) * gradientWeight + GRADIENT_SMOOTHING;
    }

    /** Refuses the update at hand; the first time, marks the learner diverged and puts the best parameters back. */
    void diverge(Learner.Divergence why, long records, double[] parameters) {
        skippedUpdates++;
        if (!diverged) {
            diverged = true;
            System.arraycopy(bestParameters, 0, parameters, 0, bestParameters.length);
            divergence = why;
            divergedAtRecord = records;
        }
    }

    /** Marks the learner diverged for a reason found elsewhere (a replica, a merge), its parameters left as they are. */
    void stop(Learner.Divergence why, long records) {
        if (!diverged) {
            diverged = true;
            divergence = why;
            divergedAtRecord = records;
        }
    }

    Learner.Status status(long steps) {
        if (diverged || steps < CONVERGENCE_MIN_STEPS) {
            return diverged ? Learner.Status.DIVERGED : Learner.Status.LEARNING;
        }
        double bar = tolerance * gradientWeight;
        return Vectors.squaredNorm(smoothedGradient) < bar * bar ? Learner.Status.CONVERGED : Learner.Status.LEARNING;
    }

    long skippedUpdates() { return skippedUpdates; }

    Learner.Divergence divergence() { return divergence; }

    long divergedAtRecord() { return divergedAtRecord; }

    double stabilityBound() { return bound == null ? Double.NaN : bound.fullBatch(); }

    double perSampleBound() { return bound == null ? Double.NaN : bound.perSample(); }

    double meanSquaredNorm() { return bound == null ? Double.NaN : bound.meanSquaredNorm(); }

    StabilityBound bound() { return bound; }

    Figures figures() {
        return new Figures(skippedUpdates, smoothedLoss, lossWeight, bestSmoothedLoss, gradientWeight, diverged,
                divergence, divergedAtRecord);
    }

    void restore(Figures f) {
        skippedUpdates = f.skippedUpdates();
        smoothedLoss = f.smoothedLoss();
        lossWeight = f.lossWeight();
        bestSmoothedLoss = f.bestSmoothedLoss();
        gradientWeight = f.gradientWeight();
        diverged = f.diverged();
        divergence = f.divergence();
        divergedAtRecord = f.divergedAtRecord();
    }

    /** The arrays: the bound (when there is one), the smoothed gradient and the best parameters. */
    void writeArrays(DataOutput out) throws IOException {
        out.writeBoolean(bound != null);
        if (bound != null) {
            bound.writeState(out);
        }
        StateIo.writeDoubles(out, smoothedGradient);
        StateIo.writeDoubles(out, bestParameters);
    }

    void readArrays(DataInput in) throws IOException {
        readBound(in);
        readGradientAndBest(in);
    }

    /** The version-1 layout wrote the bound and these arrays apart; see {@link LearnerCodec}. */
    void readBound(DataInput in) throws IOException {
        if (in.readBoolean() != (bound != null)) {
            throw new IOException("stability-bound section does not match the configuration");
        }
        if (bound != null) {
            bound.readState(in);
        }
    }

    void readGradientAndBest(DataInput in) throws IOException {
        StateIo.readDoubles(in, smoothedGradient);
        StateIo.readDoubles(in, bestParameters);
    }
}
