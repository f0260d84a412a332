package dev.descent.model;

import dev.descent.model.LearnerConfig.ModelKind;

/**
 * One online learner: standardize, predict, score, learn — per record or per mini-batch.
 *
 * <p>{@link #learn} is test-then-train: the prediction it returns is made with the parameters
 * before this record's update. A labeled record's features join the running feature statistics
 * before it is scored (so early records stay within {@code ±√n} standard deviations); its label
 * joins the target statistics only after its prediction was made.
 *
 * <p>Mini-batches accumulate the gradient at fixed parameters and update once per {@code B}
 * records with the average; the partial sum is part of the state, so a restart loses nothing.
 *
 * <p>Health: every update is checked before it lands. A non-finite gradient, a step that would
 * make any parameter non-finite, a non-finite loss, or a smoothed loss that grows a
 * million-fold over its best marks the learner {@link Status#DIVERGED}: the update is skipped,
 * the parameters go back to the last good ones — those of the best smoothed loss seen, kept
 * as a snapshot — and from then on the learner only predicts. Nothing throws.
 * While the exponentially weighted gradient's norm is under the tolerance it is
 * {@link Status#CONVERGED}.
 *
 * <p>The reported loss is the training loss, in standardized target units when the target is
 * scaled; RMSE and MAE in label units come from {@link PrequentialScore}. Not thread-safe.
 */
public final class Learner {

    public enum Status { LEARNING, CONVERGED, DIVERGED }

    /** Why a learner was marked diverged. */
    public enum Divergence { NONE, NON_FINITE_LOSS, NON_FINITE_GRADIENT, NON_FINITE_PARAMETERS, EXPLODING_LOSS }

    /** Window of the smoothed gradient used for convergence, in updates. */
    static final double GRADIENT_SMOOTHING = 1e-3;
    /** Window of the smoothed loss used for divergence, in records. */
    static final double LOSS_SMOOTHING = 1e-2;
    /** A smoothed loss this many times its best (after warm-up) means the learner exploded. */
    static final double EXPLOSION_FACTOR = 1e6;
    static final long EXPLOSION_WARMUP = 3;
    /** Convergence is not claimed before this many updates (the first standardized records give zero gradients). */
    static final long CONVERGENCE_MIN_STEPS = 100;

    private static final int REJECTED = 0;
    private static final int MISSING = 1;
    private static final int COMPLETE = 2;

    private final LearnerConfig config;
    private final int n;
    private final Model model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Standardizer featureScaler;
    private final Standardizer targetScaler;
    private final StabilityBound bound;
    private final boolean scaleFeatures;
    private final boolean scaleTarget;
    private final boolean classifier;
    private final double threshold;
    private final int batchSize;
    private final double clipNorm;
    private final boolean normalized;
    private final double tolerance;
    private final boolean needsOutputGradient;

    private final double[] z;            // standardized input, with z[n] = 1 for the bias
    private final double[] zPredict;
    private final double[] outputGradient;
    private final double[] gradientSum;
    private final double[] gradient;
    private double[] delta;
    private double[] landedDelta;        // Δθ of the latest update that landed, for stepRatio()
    private final double[] smoothedGradient;
    private final double[] bestParameters;

    // State that is serialized (see LearnerCodec); keep the two in step.
    int batchFill;
    long records;
    long steps;
    long skippedUpdates;
    long rejectedRecords;
    double lossSum;
    double smoothedLoss;
    double lossWeight;                   // 1 - (1-α)^records, for the bias correction
    double bestSmoothedLoss = Double.POSITIVE_INFINITY;
    double gradientWeight;               // 1 - (1-α)^steps
    double lastLoss = Double.NaN;
    double lastPrediction = Double.NaN;
    double gradientSquaredNorm = Double.NaN;
    private double stepRatio = Double.NaN;       // ‖Δθ‖²/‖g‖² of the latest update, see stepRatio()
    private double landedGradientSquaredNorm;    // ‖g‖² of that update, after clipping
    private boolean stepRatioPending;
    boolean diverged;
    Divergence divergence = Divergence.NONE;
    long divergedAtRecord = -1;

    public Learner(LearnerConfig config, int features) {
        this.config = config.validate(features);
        this.n = features;
        int p = config.parameterCount(features);
        this.model = createModel(config, features);
        this.loss = switch (config.loss()) {
            case SQUARED -> Loss.squared();
            case ABSOLUTE -> Loss.absolute();
            case HUBER -> Loss.huber(config.huberDelta());
            case LOG -> Loss.log();
        };
        this.optimizer = createOptimizer(config, p);
        this.featureScaler = new Standardizer(features);
        this.targetScaler = new Standardizer(1);
        boolean linearSquared = config.model() == ModelKind.LINEAR && config.loss() == LearnerConfig.LossKind.SQUARED;
        this.bound = linearSquared ? new StabilityBound(features + 1) : null;
        this.scaleFeatures = config.scaleFeatures();
        this.scaleTarget = config.scaleTarget();
        this.classifier = config.isClassifier();
        this.threshold = config.threshold();
        this.batchSize = config.batchSize();
        this.clipNorm = config.clipNorm();
        this.normalized = config.normalized();
        this.tolerance = config.tolerance();
        this.needsOutputGradient = normalized || optimizer.usesOutputGradient();
        this.z = new double[features + 1];
        this.z[features] = 1;
        this.zPredict = new double[features + 1];
        this.outputGradient = new double[p];
        this.gradientSum = new double[p];
        this.gradient = new double[p];
        this.delta = new double[p];
        this.landedDelta = new double[p];
        this.smoothedGradient = new double[p];
        this.bestParameters = new double[p];
        if (config.initialParameters() != null) {
            System.arraycopy(config.initialParameters(), 0, model.parameters(), 0, p);
        }
        System.arraycopy(model.parameters(), 0, bestParameters, 0, p);
    }

    private static Model createModel(LearnerConfig config, int features) {
        return switch (config.model()) {
            case LINEAR -> LinearModel.regression(features);
            case LOGISTIC -> LinearModel.logistic(features);
            case MLP -> new Mlp(features, config.hidden(), config.activation(),
                    config.isClassifier() ? Activation.SIGMOID : Activation.IDENTITY).initialize(config.seed());
        };
    }

    static Optimizer createOptimizer(LearnerConfig c, int p) {
        return switch (c.optimizer()) {
            case SGD -> new Sgd(c.schedule());
            case MOMENTUM -> new Momentum(c.schedule(), c.momentum(), p);
            case ADAGRAD -> new AdaGrad(c.schedule(), c.epsilon(), p);
            case RMSPROP -> new RmsProp(c.schedule(), c.rho(), c.epsilon(), p);
            case ADAM -> new Adam(c.schedule(), c.beta1(), c.beta2(), c.epsilon(), p);
            case RLS -> new RecursiveLeastSquares(c.schedule(), c.forgetting(), c.initialVariance(), p);
        };
    }

    /** Prediction in label units (a probability for two-class learners); changes no state. */
    public double predict(double[] x) {
        featureScaler.transform(x, zPredict, scaleFeatures);
        return toLabelUnits(model.predict(zPredict));
    }

    /**
     * Predicts {@code x}, scores the prediction against {@code y}, then learns from it.
     * Missing features are NaN (imputed with the running mean). Returns the prediction made
     * before learning; the step's loss and health are available from the accessors. A record
     * with a non-finite label or a feature beyond ±{@link Schema#MAX_MAGNITUDE} is rejected
     * (NaN is returned, {@link #rejectedRecords()} counts it) and changes nothing else.
     */
    public double learn(double[] x, double y) {
        double target = classifier ? (y > threshold ? 1 : 0) : y;
        int screen = screen(x, y);
        if (screen == REJECTED) {
            rejectedRecords++;
            return Double.NaN;
        }
        if (diverged) {
            // Predict and score with the frozen state, in the same training units as before.
            featureScaler.transform(x, zPredict, scaleFeatures);
            double output = model.predict(zPredict);
            double trainingTarget = scaleTarget ? targetScaler.transform(0, target, true) : target;
            records++;
            lastPrediction = toLabelUnits(output);
            lastLoss = loss.value(output, trainingTarget);
            lossSum += lastLoss;
            return lastPrediction;
        }
        if (screen == COMPLETE) {
            featureScaler.learnComplete(x, z, scaleFeatures);
        } else {
            featureScaler.learn(x, z, scaleFeatures);
        }
        double output = model.predict(z);
        double prediction = toLabelUnits(output);
        double trainingTarget = target;
        if (scaleTarget) {
            trainingTarget = targetScaler.learn(target);
        }
        records++;
        lastPrediction = prediction;
        double l = loss.value(output, trainingTarget);
        lastLoss = l;
        lossSum += l;
        if (!Double.isFinite(l)) {
            markDiverged(Divergence.NON_FINITE_LOSS);
            return prediction;
        }
        if (trackLoss(l)) {
            return prediction;
        }
        // g += L'(ŷ) · ∂ŷ/∂θ   (normalized: divided by 1 + ‖∂ŷ/∂θ‖²)
        double slope = loss.gradient(output, trainingTarget);
        if (needsOutputGradient) {
            double squaredNorm = model.gradient(1, outputGradient);
            if (normalized) {
                slope /= 1 + squaredNorm;
            }
        }
        if (bound != null) {
            bound.observe(z);
        }
        double squaredNorm = model.gradient(slope, gradient);
        if (batchSize == 1) {
            update(squaredNorm);
        } else {
            for (int i = 0; i < gradientSum.length; i++) {
                gradientSum[i] += gradient[i];
            }
            if (++batchFill == batchSize) {
                // g = (Σ g_i)/B
                double inverseBatch = 1.0 / batchSize;
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] = gradientSum[i] * inverseBatch;
                    gradientSum[i] = 0;
                }
                batchFill = 0;
                update(Vectors.squaredNorm(gradient));
            }
        }
        return prediction;
    }

    /**
     * {@link #REJECTED} unless the label is finite and every present feature within
     * ±{@link Schema#MAX_MAGNITUDE} (anything else would poison the scalers), else whether a
     * feature is missing. The common case, every value within bounds, takes one pass of
     * comparisons with no branch per feature; only a record that fails it is looked at again.
     */
    private int screen(double[] x, double y) {
        boolean inBounds = Math.abs(y) <= Schema.MAX_MAGNITUDE;
        for (int j = 0; j < n; j++) {
            inBounds &= Math.abs(x[j]) <= Schema.MAX_MAGNITUDE;     // false for NaN and ±∞ too
        }
        if (inBounds) {
            return COMPLETE;
        }
        if (!(Math.abs(y) <= Schema.MAX_MAGNITUDE)) {
            return REJECTED;
        }
        for (int j = 0; j < n; j++) {
            if (Math.abs(x[j]) > Schema.MAX_MAGNITUDE) {            // ±∞ too; NaN is a missing value
                return REJECTED;
            }
        }
        return MISSING;
    }

    private double toLabelUnits(double output) {
        return scaleTarget ? targetScaler.inverse(0, output) : output;
    }

    /** Smoothed-loss bookkeeping; true when the loss exploded and the learner is now diverged. */
    private boolean trackLoss(double l) {
        smoothedLoss = (1 - LOSS_SMOOTHING) * smoothedLoss + LOSS_SMOOTHING * l;
        lossWeight = (1 - LOSS_SMOOTHING) * lossWeight + LOSS_SMOOTHING;
        if (records < EXPLOSION_WARMUP) {
            return false;
        }
        // The bias-corrected loss is smoothedLoss / lossWeight; compared as products, which
        // spares a division per record.
        if (smoothedLoss < bestSmoothedLoss * lossWeight) {
            bestSmoothedLoss = smoothedLoss / lossWeight;
            System.arraycopy(model.parameters(), 0, bestParameters, 0, bestParameters.length);
        }
        if (smoothedLoss > EXPLOSION_FACTOR * Math.max(bestSmoothedLoss, Double.MIN_NORMAL) * lossWeight) {
            markDiverged(Divergence.EXPLODING_LOSS);
            return true;
        }
        return false;
    }

    /** One step along {@link #gradient} of squared norm {@code squaredNorm}, unless it or the parameters it leads to are not finite. */
    private void update(double squaredNorm) {
        if (!Double.isFinite(squaredNorm)) {
            markDiverged(Divergence.NON_FINITE_GRADIENT);
            return;
        }
        gradientSquaredNorm = squaredNorm;
        double usedSquaredNorm = squaredNorm;
        if (clipNorm > 0 && squaredNorm > clipNorm * clipNorm) {
            double s = clipNorm / Math.sqrt(squaredNorm);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= s;
            }
            usedSquaredNorm = clipNorm * clipNorm;
        }
        // θ ← θ + Δ in place, no candidate copy: if a new parameter is not finite, divergence puts
        // the snapshot back anyway. ḡ moves too, but nothing reads it once the learner diverged.
        // The loop has no running sum, so it compiles to vector instructions; the check gets its own.
        double[] theta = model.parameters();
        optimizer.step(steps + 1, gradient, outputGradient, delta, theta);
        for (int i = 0; i < theta.length; i++) {
            // ḡ ← (1-α)ḡ + αg, bias-corrected when read by dividing by 1-(1-α)^t
            double g = smoothedGradient[i];
            smoothedGradient[i] = Math.fma(GRADIENT_SMOOTHING, gradient[i] - g, g);
        }
        // A sum is not finite if any term is not (or if the terms are near overflow), and it
        // takes the adder, not the busier multiplier that a norm would.
        if (!Double.isFinite(Vectors.sum(theta))) {
            markDiverged(Divergence.NON_FINITE_PARAMETERS);
            return;
        }
        gradientWeight = (1 - GRADIENT_SMOOTHING) * gradientWeight + GRADIENT_SMOOTHING;
        steps++;
        // ‖Δθ‖², only for reporting, waits until it is asked for: the step is kept, not copied
        double[] landed = delta;
        delta = landedDelta;
        landedDelta = landed;
        landedGradientSquaredNorm = usedSquaredNorm;
        stepRatioPending = true;
    }

    /** {@code ‖Δθ‖²/‖g‖²} of the latest update (NaN before the first, or for a zero gradient); state. */
    double stepRatio() {
        if (stepRatioPending) {
            stepRatio = landedGradientSquaredNorm > 0
                    ? Vectors.squaredNorm(landedDelta) / landedGradientSquaredNorm : Double.NaN;
            stepRatioPending = false;
        }
        return stepRatio;
    }

    void restoreStepRatio(double ratio) {
        stepRatio = ratio;
        stepRatioPending = false;
    }

    private void markDiverged(Divergence why) {
        skippedUpdates++;
        if (!diverged) {
            diverged = true;
            System.arraycopy(bestParameters, 0, model.parameters(), 0, bestParameters.length);
            divergence = why;
            divergedAtRecord = records;
        }
    }

    public LearnerConfig config() { return config; }

    public int features() { return n; }

    /** A copy of the parameters (layout as the model documents). */
    public double[] parameters() { return model.parameters().clone(); }

    /** Labeled records seen. */
    public long records() { return records; }

    /** Parameter updates applied (records / batch size while healthy). */
    public long steps() { return steps; }

    /** Records refused before touching any state: a non-finite label or a feature beyond ±1e15. */
    public long rejectedRecords() { return rejectedRecords; }

    /** Updates refused because they were not finite or the loss exploded. */
    public long skippedUpdates() { return skippedUpdates; }

    public double lastPrediction() { return lastPrediction; }

    /** Training loss of the latest labeled record, before learning from it. */
    public double lastLoss() { return lastLoss; }

    public double meanLoss() { return records == 0 ? Double.NaN : lossSum / records; }

    /** L2 norm of the latest (averaged, unclipped) gradient. */
    public double gradientNorm() { return Math.sqrt(gradientSquaredNorm); }

    public double weightNorm() { return Math.sqrt(Vectors.squaredNorm(model.parameters())); }

    /** ‖Δθ‖/‖g‖ of the latest update: the step size actually taken along the gradient. */
    public double learningRate() { return Math.sqrt(stepRatio()); }

    /** Full-batch stable rate {@code 2/λ_max(H)}; NaN when not a linear model with squared loss. */
    public double stabilityBound() { return bound == null ? Double.NaN : bound.fullBatch(); }

    /** Per-sample stable rate {@code 1/max‖x̃‖²}; NaN when not a linear model with squared loss. */
    public double perSampleBound() { return bound == null ? Double.NaN : bound.perSample(); }

    /**
     * Diverged (final), else converged while the smoothed gradient's norm is under the tolerance
     * (claimed only after {@value #CONVERGENCE_MIN_STEPS} updates).
     */
    public Status status() {
        if (diverged || steps < CONVERGENCE_MIN_STEPS) {
            return diverged ? Status.DIVERGED : Status.LEARNING;
        }
        double bar = tolerance * gradientWeight;
        return Vectors.squaredNorm(smoothedGradient) < bar * bar ? Status.CONVERGED : Status.LEARNING;
    }

    public Divergence divergence() { return divergence; }

    /** The labeled record count at which the learner diverged, or -1. */
    public long divergedAtRecord() { return divergedAtRecord; }

    /** Records buffered towards the next mini-batch update. */
    public int pendingBatch() { return batchFill; }

    Model model() { return model; }

    Optimizer optimizer() { return optimizer; }

    Standardizer featureScaler() { return featureScaler; }

    Standardizer targetScaler() { return targetScaler; }

    StabilityBound bound() { return bound; }

    double[] gradientSum() { return gradientSum; }

    double[] smoothedGradient() { return smoothedGradient; }

    double[] bestParameters() { return bestParameters; }
}
