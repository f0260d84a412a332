package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One online learner: standardize, predict, score, learn — per record or per mini-batch.
 *
 * <p>{@link #learn} is test-then-train: the prediction it returns is made with the parameters
 * before this record's update. A labeled record's features join the running feature statistics
 * before it is scored (so early records stay within {@code ±√n} standard deviations); its label
 * joins the target statistics only after its prediction was made.
 *
 * <p>A {@link MiniBatch} averages the gradients of {@code B} records into one update. Every update
 * is checked before it lands by the learner's {@link LearnerHealth}: a learner that diverges says
 * so, keeps its last good parameters and from then on only predicts. Nothing throws.
 *
 * <p>Each labeled record's squared error in label units (the same ruler for every learner) feeds
 * the learner's drift detector, if its {@link DriftSpec} names one; a detection is counted and
 * acted on: {@code reset} restarts the optimizer's state and the schedule's clock, {@code forget}
 * lengthens the next {@value #FORGET_UPDATES} steps {@value #FORGET_BOOST}-fold, and
 * {@code challenger} starts a fresh copy that learns beside this one until a {@link Champion} of
 * the two (a lead held for {@value #CHALLENGE_WINDOW} records) prefers it (its state then replaces
 * this learner's, the counters stay) or {@value #CHALLENGE_LIMIT} records have passed. A learner
 * acts at most once in {@value #ACTION_COOLDOWN} records: its own reaction (a fresh covariance, a
 * restarted optimizer) raises its error for a while, and that is no new move of the market;
 * detections meanwhile are counted and reported, not acted on.
 *
 * <p>The reported loss is the training loss, in standardized target units when the target is
 * scaled; RMSE and MAE in label units come from {@link PrequentialScore}. Not thread-safe.
 */
public final class Learner {

    public enum Status { LEARNING, CONVERGED, DIVERGED }

    /** Why a learner was marked diverged. */
    public enum Divergence { NONE, NON_FINITE_LOSS, NON_FINITE_GRADIENT, NON_FINITE_PARAMETERS, EXPLODING_LOSS }

    /**
     * A learner's counters and latest figures, as snapshots keep them.
     *
     * @param batchFill records summed towards the next mini-batch update
     * @param stepRatio {@code ‖Δθ‖²/‖g‖²} of the latest update
     */
    record Progress(int batchFill, long records, long steps, long rejectedRecords, double lossSum, double lastLoss,
                    double lastPrediction, double gradientSquaredNorm, double stepRatio) {
    }

    /**
     * The drift watch's counters, as snapshots keep them.
     *
     * @param lastDriftRecord the labeled record count at the latest detection, -1 before any
     * @param scheduleStart   the update count when the schedule's clock last restarted
     * @param boostLeft       lengthened steps still to take after a {@code forget}
     * @param challengeStart  the labeled record count when the current challenger started
     */
    record DriftState(long drifts, long lastDriftRecord, double lastDriftStatistic, boolean lastDriftActed,
                      long lastActionRecord, long scheduleStart, long boostLeft, long challengeStart, long promotions) {
    }

    /** A {@code forget} lengthens this many updates, each this many times. */
    static final int FORGET_UPDATES = 1000;
    static final double FORGET_BOOST = 10;
    /**
     * A challenger must lead by the champion's margin for this many records: shorter than the
     * learners' champion window, since a drift was just seen and the incumbent is likely stale.
     */
    static final int CHALLENGE_WINDOW = 50;
    /** A challenger not preferred within this many records is dropped. */
    static final int CHALLENGE_LIMIT = 5_000;
    static final int ACTION_COOLDOWN = 1_000;

    private final LearnerConfig config;
    private final int n;
    private final Model model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Standardizer featureScaler;
    private final Standardizer targetScaler;
    private final LearnerHealth health;
    private final boolean scaleFeatures;
    private final boolean scaleTarget;
    private final MiniBatch batch;
    private final double clipNorm;
    private final boolean normalized;
    private final boolean needsOutputGradient;

    private final double[] z;            // standardized input, with z[n] = 1 for the bias
    private final double[] zPredict;
    private final double[] outputGradient;
    private final double[] gradient;
    private final LandedStep landed;

    private final DriftDetector detector;
    private long drifts;
    private long lastDriftRecord = -1;
    private double lastDriftStatistic = Double.NaN;
    private boolean lastDriftActed;
    private long lastActionRecord = -1;
    private long scheduleStart;
    private long boostLeft;
    private Learner challenger;
    private Champion challenge;
    private long challengeStart;
    private long promotions;
    private final double[] pair = new double[2];
    private final boolean[] pairHealthy = {true, true};

    private long records;
    private long steps;
    private long rejectedRecords;
    private double lossSum;
    private double lastLoss = Double.NaN;
    private double lastPrediction = Double.NaN;
    private double gradientSquaredNorm = Double.NaN;

    public Learner(LearnerConfig config, int features) {
        this.config = config.validate(features);
        this.n = features;
        int p = config.parameterCount(features);
        this.model = config.model().create(features, config);
        this.loss = config.loss();
        this.optimizer = config.optimizer().create(config.schedule(), p);
        this.featureScaler = new Standardizer(features);
        this.targetScaler = new Standardizer(1);
        this.scaleFeatures = config.scaleFeatures();
        this.scaleTarget = config.scaleTarget();
        this.batch = new MiniBatch(config.batchSize(), p);
        this.clipNorm = config.clipNorm();
        this.normalized = config.normalized();
        this.needsOutputGradient = normalized || optimizer.usesOutputGradient();
        this.z = new double[features + 1];
        this.z[features] = 1;
        this.zPredict = new double[features + 1];
        this.outputGradient = new double[p];
        this.gradient = new double[p];
        this.landed = new LandedStep(p);
        if (config.initialParameters() != null) {
            System.arraycopy(config.initialParameters(), 0, model.parameters(), 0, p);
        }
        boolean bounded = config.model() instanceof LinearRegression && config.loss() instanceof SquaredLoss;
        this.health = new LearnerHealth(config.tolerance(), model.parameters(),
                bounded ? new StabilityBound(features + 1) : null);
        this.detector = config.drift().create();
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
        double prediction = testThenTrain(x, y);
        if (detector != null && !health.diverged() && Double.isFinite(prediction)) {
            watch(x, y, prediction);
        }
        return prediction;
    }

    private double testThenTrain(double[] x, double y) {
        double target = config.target(y);
        int screen = RecordScreen.screen(x, n, y);
        if (screen == RecordScreen.REJECTED) {
            rejectedRecords++;
            return Double.NaN;
        }
        if (health.diverged()) {
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
        if (screen == RecordScreen.COMPLETE) {
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
            health.diverge(Divergence.NON_FINITE_LOSS, records, model.parameters());
            return prediction;
        }
        if (health.explodes(l, records, model.parameters())) {
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
        health.observe(z);
        double squaredNorm = model.gradient(slope, gradient);
        if (config.batchSize() == 1) {
            update(squaredNorm);
        } else if (batch.add(gradient)) {
            update(Vectors.squaredNorm(gradient));
        }
        return prediction;
    }

    /** The challenger learns the record too; then the error goes to the detector, which may act. */
    private void watch(double[] x, double y, double prediction) {
        double target = config.target(y);
        if (challenger != null) {
            double rival = target - challenger.learn(x, y);
            double own = target - prediction;
            pair[0] = own * own;
            pair[1] = rival * rival;
            pairHealthy[1] = !challenger.health.diverged();
            if (challenge.observe(pair, pairHealthy)) {
                promote();
            } else if (!pairHealthy[1] || records - challengeStart >= CHALLENGE_LIMIT) {
                challenger = null;
                challenge = null;
            }
        }
        double e = target - prediction;
        if (detector.add(e * e)) {
            drifts++;
            lastDriftRecord = records;
            lastDriftStatistic = detector.statistic();
            lastDriftActed = config.drift().action() != DriftSpec.Action.NONE && challenger == null
                    && (lastActionRecord < 0 || records - lastActionRecord >= ACTION_COOLDOWN);
            if (!lastDriftActed) {
                return;
            }
            lastActionRecord = records;
            switch (config.drift().action()) {
                case RESET -> restartOptimizer();
                case FORGET -> boostLeft = FORGET_UPDATES;
                case CHALLENGER -> startChallenger();
                case NONE -> { }
            }
        }
    }

    /** The optimizer's state restarted (see {@link Optimizer#restart}), and the schedule counting from now; the parameters stay. */
    private void restartOptimizer() {
        optimizer.restart(steps - scheduleStart);
        scheduleStart = steps;
    }

    private void startChallenger() {
        if (challenger == null) {
            challenger = new Learner(config.withDrift(DriftSpec.OFF), n);
            challenge = challengeRule();
            challengeStart = records;
        }
    }

    /** The challenger won: its state becomes this learner's, whose counters and drift watch go on. */
    private void promote() {
        Learner winner = challenger;
        copyState(winner::writeComponents, this::readComponents);
        copyState(winner.health::writeArrays, health::readArrays);
        System.arraycopy(winner.gradientSum(), 0, gradientSum(), 0, gradient.length);
        batch.restoreFill(winner.pendingBatch());
        health.restore(winner.health.figures());
        gradientSquaredNorm = winner.gradientSquaredNorm;
        landed.restore(winner.landed.squaredRatio());
        scheduleStart = steps - winner.steps;
        promotions++;
        challenger = null;
        challenge = null;
    }

    private interface StateWriter {
        void write(DataOutput out) throws IOException;
    }

    private interface StateReader {
        void read(DataInput in) throws IOException;
    }

    private static void copyState(StateWriter from, StateReader to) {
        try {
            StateOutput state = new StateOutput(1024);
            from.write(state);
            to.read(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double toLabelUnits(double output) {
        return scaleTarget ? targetScaler.inverse(0, output) : output;
    }

    /** One step along {@link #gradient} of squared norm {@code squaredNorm}, unless it or the parameters it leads to are not finite. */
    private void update(double squaredNorm) {
        double[] theta = model.parameters();
        if (!Double.isFinite(squaredNorm)) {
            health.diverge(Divergence.NON_FINITE_GRADIENT, records, theta);
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
        double[] delta = landed.scratch();
        optimizer.step(steps - scheduleStart + 1, gradient, outputGradient, delta, theta);
        if (boostLeft > 0) {
            boostLeft--;
            for (int i = 0; i < theta.length; i++) {
                double d = delta[i];
                theta[i] = Math.fma(FORGET_BOOST - 1, d, theta[i]);
                delta[i] = FORGET_BOOST * d;
            }
        }
        health.smoothGradient(gradient);
        // A sum is not finite if any term is not (or if the terms are near overflow), and it
        // takes the adder, not the busier multiplier that a norm would.
        if (!Double.isFinite(Vectors.sum(theta))) {
            health.diverge(Divergence.NON_FINITE_PARAMETERS, records, theta);
            return;
        }
        health.stepped();
        steps++;
        landed.land(usedSquaredNorm);
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
    public long skippedUpdates() { return health.skippedUpdates(); }

    public double lastPrediction() { return lastPrediction; }

    /** Training loss of the latest labeled record, before learning from it. */
    public double lastLoss() { return lastLoss; }

    public double meanLoss() { return records == 0 ? Double.NaN : lossSum / records; }

    /** L2 norm of the latest (averaged, unclipped) gradient. */
    public double gradientNorm() { return Math.sqrt(gradientSquaredNorm); }

    public double weightNorm() { return Math.sqrt(Vectors.squaredNorm(model.parameters())); }

    /** ‖Δθ‖/‖g‖ of the latest update: the step size actually taken along the gradient. */
    public double learningRate() { return Math.sqrt(landed.squaredRatio()); }

    /** Full-batch stable rate {@code 2/λ_max(H)}; NaN when not a linear model with squared loss. */
    public double stabilityBound() { return health.stabilityBound(); }

    /** Per-sample stable rate {@code 1/max‖x̃‖²}; NaN when not a linear model with squared loss. */
    public double perSampleBound() { return health.perSampleBound(); }

    /**
     * Diverged (final), else converged while the smoothed gradient's norm is under the tolerance
     * (claimed only after {@value LearnerHealth#CONVERGENCE_MIN_STEPS} updates). This is the gradient
     * test alone; {@link LearnerStatus} weighs it against the learner's recent errors.
     */
    public Status status() { return health.status(steps); }

    public Divergence divergence() { return health.divergence(); }

    /** The labeled record count at which the learner diverged, or -1. */
    public long divergedAtRecord() { return health.divergedAtRecord(); }

    /** Drifts its detector reported (0 without one). */
    public long drifts() { return drifts; }

    /** The labeled record count at the latest drift, or -1. */
    public long lastDriftRecord() { return lastDriftRecord; }

    /** The detector's statistic at the latest drift (NaN before any). */
    public double lastDriftStatistic() { return lastDriftStatistic; }

    /** Whether the latest drift was acted on (not with action none, while a challenger learns, or cooling down). */
    public boolean lastDriftActed() { return lastDriftActed; }

    /** Whether a challenger learns beside this learner now. */
    public boolean challenged() { return challenger != null; }

    /** Challengers whose state replaced this learner's. */
    public long promotions() { return promotions; }

    /** Records buffered towards the next mini-batch update. */
    public int pendingBatch() { return batch.fill(); }

    DriftState driftState() {
        return new DriftState(drifts, lastDriftRecord, lastDriftStatistic, lastDriftActed, lastActionRecord,
                scheduleStart, boostLeft, challengeStart, promotions);
    }

    void restore(DriftState d) {
        drifts = d.drifts();
        lastDriftRecord = d.lastDriftRecord();
        lastDriftStatistic = d.lastDriftStatistic();
        lastDriftActed = d.lastDriftActed();
        lastActionRecord = d.lastActionRecord();
        scheduleStart = d.scheduleStart();
        boostLeft = d.boostLeft();
        challengeStart = d.challengeStart();
        promotions = d.promotions();
    }

    DriftDetector detector() { return detector; }

    Learner challenger() { return challenger; }

    Champion challenge() { return challenge; }

    /** The champion rule between a learner (0) and its challenger (1), fresh. */
    static Champion challengeRule() {
        return new Champion(2, CHALLENGE_WINDOW, Champion.DEFAULT_MARGIN);
    }

    /** Puts back a challenger read from a snapshot, with the champion of the pair. */
    void restoreChallenge(Learner c, Champion pairChampion) {
        challenger = c;
        challenge = pairChampion;
    }

    Progress progress() {
        return new Progress(pendingBatch(), records, steps, rejectedRecords, lossSum, lastLoss, lastPrediction,
                gradientSquaredNorm, landed.squaredRatio());
    }

    void restore(Progress p) {
        batch.restoreFill(p.batchFill());
        records = p.records();
        steps = p.steps();
        rejectedRecords = p.rejectedRecords();
        lossSum = p.lossSum();
        lastLoss = p.lastLoss();
        lastPrediction = p.lastPrediction();
        gradientSquaredNorm = p.gradientSquaredNorm();
        landed.restore(p.stepRatio());
    }

    /** An independent copy, bit for bit, through the codec. */
    public Learner copy() {
        return LearnerCodec.decode(LearnerCodec.encode(this));
    }

    /**
     * Adds what another copy learned (a {@link LearnerDelta}) to this one: the components each by
     * their own rule, the counters summed, the other copy's latest figures taken. A delta from a
     * copy that diverged, or a merge that leaves a parameter not finite, stops this learner as
     * diverged with its parameters as they were; a diverged learner takes only the counters.
     */
    public void merge(LearnerDelta delta) {
        merge(delta, 1);
    }

    void merge(LearnerDelta delta, double weight) {
        records += delta.records;
        steps += delta.steps;
        rejectedRecords += delta.rejectedRecords;
        lossSum += delta.lossSum;
        lastLoss = delta.lastLoss;
        lastPrediction = delta.lastPrediction;
        gradientSquaredNorm = delta.gradientSquaredNorm;
        if (health.diverged()) {
            return;
        }
        if (delta.diverged()) {
            health.stop(delta.divergence, delta.divergedAtRecord);
            return;
        }
        double[] theta = model.parameters();
        double[] before = theta.clone();
        optimizer.merge(delta.optimizer, delta.steps, theta, weight);
        if (!Double.isFinite(Vectors.sum(theta))) {
            System.arraycopy(before, 0, theta, 0, theta.length);
            health.stop(Divergence.NON_FINITE_PARAMETERS, records);
            return;
        }
        featureScaler.merge(delta.features);
        targetScaler.merge(delta.target);
    }

    /**
     * Moves this replica, which started as a copy of {@code base}, onto {@code global}: global's
     * state and counters plus what this replica learned since {@code base}. The replica keeps its
     * own health watch and partial mini-batch.
     */
    public void rebase(Learner base, Learner global) {
        LearnerDelta pending = LearnerDelta.between(base, this);
        copyState(global::writeComponents, this::readComponents);
        records = global.records;
        steps = global.steps;
        rejectedRecords = global.rejectedRecords;
        lossSum = global.lossSum;
        if (global.health.diverged() && !health.diverged()) {
            health.stop(global.divergence(), global.divergedAtRecord());
        }
        merge(pending);
    }

    /**
     * How far one record's step goes along the stiffest direction, {@code η·λmax(H)}: the step
     * size actually taken along the gradient over the full-batch bound; a normalized step divides
     * by {@code 1 + E‖x̃‖²} as well. NaN without a bound (not a linear model under squared loss).
     */
    double stiffness() {
        double s = learningRate() * 2 / stabilityBound();
        return normalized ? s / (1 + health.meanSquaredNorm()) : s;
    }

    Optimizer optimizer() { return optimizer; }
    double lossSum() { return lossSum; }
    double gradientSquaredNorm() { return gradientSquaredNorm; }

    LearnerHealth health() { return health; }

    /** The components' own state, each written by its owner: parameters, optimizer, scalers. */
    void writeComponents(DataOutput out) throws IOException {
        StateIo.writeDoubles(out, model.parameters());
        optimizer.writeState(out);
        featureScaler.writeState(out);
        targetScaler.writeState(out);
    }

    void readComponents(DataInput in) throws IOException {
        StateIo.readDoubles(in, model.parameters());
        optimizer.readState(in);
        featureScaler.readState(in);
        targetScaler.readState(in);
    }

    /** The partial mini-batch's gradient sum. */
    double[] gradientSum() { return batch.sum(); }

    Model model() { return model; }
    Standardizer featureScaler() { return featureScaler; }
    Standardizer targetScaler() { return targetScaler; }
}
