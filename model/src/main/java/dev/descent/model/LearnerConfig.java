package dev.descent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines one learner: its model, loss, optimizer, batch size and scaling.
 * Immutable; build with {@link #builder(String)}. {@link #validate(int)} explains every
 * impossible combination in words, so a bad learners file gets a clear answer.
 *
 * @param threshold  NaN for regression; otherwise labels become 1 when above it and 0 otherwise
 *                   (two-class learners, e.g. "price above 300,000")
 * @param clipNorm   0 for none; otherwise the gradient is rescaled to at most this L2 norm
 * @param normalized divide each record's gradient by {@code 1 + ‖∂ŷ/∂θ‖²} (normalized LMS):
 *                   the step no longer grows with the size of an outlying input
 * @param tolerance  the learner counts as converged while the norm of its exponentially
 *                   weighted (window about 1000 updates) gradient is below this
 * @param initialParameters null for the default initialization (zeros, or seeded Glorot for MLPs)
 */
public record LearnerConfig(
        String id,
        ModelKind model,
        int[] hidden,
        Activation activation,
        LossKind loss,
        double huberDelta,
        OptimizerKind optimizer,
        Schedule schedule,
        double momentum,
        double beta1,
        double beta2,
        double epsilon,
        double rho,
        double forgetting,
        double initialVariance,
        int batchSize,
        boolean scaleFeatures,
        boolean scaleTarget,
        double clipNorm,
        boolean normalized,
        double threshold,
        double tolerance,
        long seed,
        double[] initialParameters) {

    public enum ModelKind { LINEAR, LOGISTIC, MLP }

    public enum LossKind { SQUARED, ABSOLUTE, HUBER, LOG }

    public enum OptimizerKind { SGD, MOMENTUM, ADAGRAD, RMSPROP, ADAM, RLS }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.model = model;
        b.hidden = hidden.clone();
        b.activation = activation;
        b.loss = loss;
        b.huberDelta = huberDelta;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.momentum = momentum;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.rho = rho;
        b.forgetting = forgetting;
        b.initialVariance = initialVariance;
        b.batchSize = batchSize;
        b.scaleFeatures = scaleFeatures;
        b.scaleTarget = scaleTarget;
        b.clipNorm = clipNorm;
        b.normalized = normalized;
        b.threshold = threshold;
        b.tolerance = tolerance;
        b.seed = seed;
        b.initialParameters = initialParameters == null ? null : initialParameters.clone();
        return b;
    }

    /** Number of parameters the model has for {@code inputs} features. */
    public int parameterCount(int inputs) {
        if (model != ModelKind.MLP) {
            return inputs + 1;
        }
        int count = 0;
        int previous = inputs;
        for (int h : hidden) {
            count += h * previous + h;
            previous = h;
        }
        return count + previous + 1;
    }

    /** Whether the model outputs a probability (two-class learners). */
    public boolean isClassifier() {
        return !Double.isNaN(threshold);
    }

    /** The problems with this configuration for {@code inputs} features, as sentences; empty when valid. */
    public List<String> problems(int inputs) {
        List<String> problems = new ArrayList<>();
        if (id == null || id.isBlank()) {
            problems.add("a learner needs a non-empty id");
        }
        if (batchSize < 1) {
            problems.add("batch size must be at least 1, got " + batchSize);
        }
        if (model == ModelKind.MLP && hidden.length == 0) {
            problems.add("an MLP needs at least one hidden layer (e.g. hidden=[32])");
        }
        if (Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            problems.add("hidden layer sizes must be positive, got " + Arrays.toString(hidden));
        }
        boolean probability = model == ModelKind.LOGISTIC || (model == ModelKind.MLP && isClassifier());
        if (loss == LossKind.LOG && !probability) {
            problems.add("log loss needs a probability output: a logistic model or an MLP with a threshold");
        }
        if (model == ModelKind.LOGISTIC && !isClassifier()) {
            problems.add("a logistic model needs a threshold that turns the label into two classes");
        }
        if (isClassifier() && scaleTarget) {
            problems.add("a two-class learner cannot scale its 0/1 target; set scaleTarget=false");
        }
        if (optimizer == OptimizerKind.RLS) {
            if (model != ModelKind.LINEAR || loss != LossKind.SQUARED) {
                problems.add("recursive least squares needs a linear model with squared loss");
            }
            if (batchSize != 1) {
                problems.add("recursive least squares updates per record; use batch size 1");
            }
        }
        if (!(tolerance >= 0)) {
            problems.add("convergence tolerance must be >= 0, got " + tolerance);
        }
        if (!(clipNorm >= 0)) {
            problems.add("gradient clip norm must be >= 0 (0 = off), got " + clipNorm);
        }
        if (!(epsilon > 0)) {
            problems.add("epsilon must be positive, got " + epsilon);
        }
        if (!(huberDelta > 0) || !Double.isFinite(huberDelta)) {
            problems.add("Huber delta must be a positive number, got " + huberDelta);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            problems.add("momentum must be in [0, 1), got " + momentum);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 > 0 && beta2 < 1)) {
            problems.add("Adam needs 0 <= beta1 < 1 and 0 < beta2 < 1, got beta1=" + beta1 + " beta2=" + beta2);
        }
        if (!(rho > 0 && rho < 1)) {
            problems.add("RMSProp decay rho must be in (0, 1), got " + rho);
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            problems.add("RLS forgetting factor must be in (0, 1], got " + forgetting);
        }
        if (!(initialVariance > 0) || !Double.isFinite(initialVariance)) {
            problems.add("RLS initial variance must be a positive number, got " + initialVariance);
        }
        if (initialParameters != null && initialParameters.length != parameterCount(inputs)) {
            problems.add(String.format(Locale.ROOT, "initial parameters: expected %d values for %d features, got %d",
                    parameterCount(inputs), inputs, initialParameters.length));
        }
        return problems;
    }

    /** Throws {@link IllegalArgumentException} naming the learner and every problem. */
    public LearnerConfig validate(int inputs) {
        List<String> problems = problems(inputs);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("learner '" + id + "': " + String.join("; ", problems));
        }
        return this;
    }

    /** Defaults: linear regression, squared loss, SGD at 0.01, per record, features and target standardized. */
    public static final class Builder {
        private final String id;
        private ModelKind model = ModelKind.LINEAR;
        private int[] hidden = new int[0];
        private Activation activation = Activation.SIGMOID;
        private LossKind loss = LossKind.SQUARED;
        private double huberDelta = 1.0;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private Schedule schedule = Schedule.constant(0.01);
        private double momentum = 0.9;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double rho = 0.9;
        private double forgetting = 1.0;
        private double initialVariance = 100.0;
        private int batchSize = 1;
        private boolean scaleFeatures = true;
        private boolean scaleTarget = true;
        private double clipNorm;
        private boolean normalized;
        private double threshold = Double.NaN;
        private double tolerance = 0.2;
        private long seed = 42;
        private double[] initialParameters;

        private Builder(String id) {
            this.id = id;
        }

        public Builder model(ModelKind v) { model = v; return this; }
        public Builder hidden(int... v) { hidden = v.clone(); return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder loss(LossKind v) { loss = v; return this; }
        public Builder huberDelta(double v) { huberDelta = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder learningRate(double v) { schedule = Schedule.constant(v); return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder beta1(double v) { beta1 = v; return this; }
        public Builder beta2(double v) { beta2 = v; return this; }
        public Builder epsilon(double v) { epsilon = v; return this; }
        public Builder rho(double v) { rho = v; return this; }
        public Builder forgetting(double v) { forgetting = v; return this; }
        public Builder initialVariance(double v) { initialVariance = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder scaleFeatures(boolean v) { scaleFeatures = v; return this; }
        public Builder scaleTarget(boolean v) { scaleTarget = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder normalized(boolean v) { normalized = v; return this; }
        public Builder threshold(double v) { threshold = v; return this; }
        public Builder tolerance(double v) { tolerance = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder initialParameters(double... v) { initialParameters = v == null ? null : v.clone(); return this; }

        public LearnerConfig build() {
            return new LearnerConfig(id, model, hidden.clone(), activation, loss, huberDelta, optimizer, schedule,
                    momentum, beta1, beta2, epsilon, rho, forgetting, initialVariance, batchSize, scaleFeatures,
                    scaleTarget, clipNorm, normalized, threshold, tolerance, seed,
                    initialParameters == null ? null : initialParameters.clone());
        }
    }
}
