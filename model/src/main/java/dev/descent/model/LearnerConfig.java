package dev.descent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines one learner: its model, loss, optimizer and schedule (each a
 * {@link Component} that owns its settings), and how records reach them: batch size, scaling,
 * clipping, the target rule. Immutable; build with {@link #builder(String)}. {@link #problems(int)}
 * explains every impossible combination in words, so a bad learners file gets a clear answer.
 *
 * @param threshold  NaN for regression; otherwise labels become 1 when above it and 0 otherwise
 *                   (two-class learners, e.g. "price above 300,000"); see {@link #target}
 * @param clipNorm   0 for none; otherwise the gradient is rescaled to at most this L2 norm
 * @param normalized divide each record's gradient by {@code 1 + ‖∂ŷ/∂θ‖²} (normalized LMS):
 *                   the step no longer grows with the size of an outlying input
 * @param tolerance  the learner counts as converged while the norm of its exponentially
 *                   weighted (window about 1000 updates) gradient is below this
 * @param initialParameters null for the model's own initialization (zeros, or seeded Glorot for MLPs)
 * @param drift      how the learner watches its error for a moved market, and what it does then
 */
public record LearnerConfig(
        String id,
        ModelSpec model,
        Loss loss,
        OptimizerSpec optimizer,
        Schedule schedule,
        int batchSize,
        boolean scaleFeatures,
        boolean scaleTarget,
        double clipNorm,
        boolean normalized,
        double threshold,
        double tolerance,
        double[] initialParameters,
        DriftSpec drift) {

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Number of parameters the model has for {@code inputs} features. */
    public int parameterCount(int inputs) {
        return model.parameterCount(inputs);
    }

    /** Whether the model outputs a probability (two-class learners). */
    public boolean isClassifier() {
        return !Double.isNaN(threshold);
    }

    /** What this learner learns from a label: the label itself, or 1/0 for above/not above the threshold. */
    public double target(double label) {
        return isClassifier() ? (label > threshold ? 1 : 0) : label;
    }

    /** Why this learner cannot learn one global model from several partitions; empty when it can. */
    public List<String> mergeProblems() {
        List<String> problems = new ArrayList<>(optimizer.mergeProblems(this));
        problems.addAll(drift.mergeProblems());
        return problems;
    }

    /** This configuration watching for drift as {@code d} says. */
    public LearnerConfig withDrift(DriftSpec d) {
        return new LearnerConfig(id, model, loss, optimizer, schedule, batchSize, scaleFeatures, scaleTarget, clipNorm,
                normalized, threshold, tolerance, initialParameters, d);
    }

    /** The problems with this configuration for {@code inputs} features, as sentences; empty when valid. */
    public List<String> problems(int inputs) {
        List<String> problems = new ArrayList<>();
        if (id == null || id.isBlank()) {
            problems.add("a learner needs a non-empty id");
        } else if (id.chars().anyMatch(Character::isISOControl)) {
            problems.add("learner id '" + id.replaceAll("\\p{Cntrl}", "?") + "' has a control character");
        }
        if (batchSize < 1) {
            problems.add("batch size must be at least 1, got " + batchSize);
        }
        for (Component c : List.of(model, loss, optimizer, schedule)) {
            problems.addAll(c.problems(this));
        }
        if (isClassifier() && scaleTarget) {
            problems.add("a two-class learner cannot scale its 0/1 target; set scaleTarget=false");
        }
        if (!(tolerance >= 0)) {
            problems.add("convergence tolerance must be >= 0, got " + tolerance);
        }
        if (!(clipNorm >= 0)) {
            problems.add("gradient clip norm must be >= 0 (0 = off), got " + clipNorm);
        }
        if (drift == null) {
            problems.add("a learner needs a drift setting (none to watch nothing)");
        } else {
            problems.addAll(drift.problems(this));
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

    /** Defaults: linear regression, squared loss, SGD at 0.01, per record, features and target standardized, ADWIN reporting drifts. */
    public static final class Builder {
        private final String id;
        private ModelSpec model = new LinearRegression();
        private Loss loss = new SquaredLoss();
        private OptimizerSpec optimizer = new Sgd();
        private Schedule schedule = new Schedule.Constant();
        private int batchSize = 1;
        private boolean scaleFeatures = true;
        private boolean scaleTarget = true;
        private double clipNorm;
        private boolean normalized;
        private double threshold = Double.NaN;
        private double tolerance = 0.2;
        private double[] initialParameters;
        private DriftSpec drift = DriftSpec.DEFAULT;

        private Builder(String id) {
            this.id = id;
        }

        public Builder model(ModelSpec v) { model = v; return this; }
        public Builder loss(Loss v) { loss = v; return this; }
        public Builder optimizer(OptimizerSpec v) { optimizer = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder learningRate(double v) { schedule = Schedule.constant(v); return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder scaleFeatures(boolean v) { scaleFeatures = v; return this; }
        public Builder scaleTarget(boolean v) { scaleTarget = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder normalized(boolean v) { normalized = v; return this; }
        public Builder threshold(double v) { threshold = v; return this; }
        public Builder tolerance(double v) { tolerance = v; return this; }
        public Builder initialParameters(double... v) { initialParameters = v == null ? null : v.clone(); return this; }
        public Builder drift(DriftSpec v) { drift = v; return this; }

        public LearnerConfig build() {
            return new LearnerConfig(id, model, loss, optimizer, schedule, batchSize, scaleFeatures, scaleTarget,
                    clipNorm, normalized, threshold, tolerance, initialParameters == null ? null : initialParameters.clone(), drift);
        }
    }
}
