package dev.descent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a learner watches its own prequential squared error (in label units) for a market that
 * moved, and what it does when it sees one. Learners files write it as one object, e.g.
 * {@code "drift": {"detector": "adwin", "delta": 0.002, "action": "reset"}}.
 *
 * @param detector  {@code none}, {@code adwin} ({@link Adwin}) or {@code page-hinkley} ({@link PageHinkley})
 * @param delta     the detector's delta (ADWIN: confidence; Page-Hinkley: tolerated rise, in standard
 *                  deviations); NaN for the detector's default
 * @param threshold Page-Hinkley's alarm threshold in standard deviations; NaN for its default; ADWIN has none
 * @param action    what a detection does (see {@link Action})
 */
public record DriftSpec(String detector, double delta, double threshold, Action action) {

    /** What a learner does when its detector fires. */
    public enum Action {
        /** Report only. */
        NONE,
        /**
         * Restart the optimizer's state (moments and accumulated squares afresh, the learning-rate
         * schedule's clock from the start; recursive least squares inflates its covariance so the
         * past weighs as {@value Optimizer#RESTART_MEMORY} records), keeping the parameters: a
         * learner that had slowed down learns fast again. See {@link Optimizer#restart}.
         */
        RESET,
        /** For the next {@value Learner#FORGET_UPDATES} updates every step is {@value Learner#FORGET_BOOST} times as long. */
        FORGET,
        /**
         * Start a fresh copy beside the learner; both learn every record, and the copy replaces the
         * learner's state when the {@link Champion} rule prefers it (see {@link Learner}).
         */
        CHALLENGER
    }

    public static final String NONE = "none";
    public static final String ADWIN = "adwin";
    public static final String PAGE_HINKLEY = "page-hinkley";

    /** No detector. */
    public static final DriftSpec OFF = new DriftSpec(NONE, Double.NaN, Double.NaN, Action.NONE);

    /** ADWIN at its default confidence, reporting only: what a learner watches with unless told otherwise. */
    public static final DriftSpec DEFAULT = new DriftSpec(ADWIN, Double.NaN, Double.NaN, Action.NONE);

    public DriftSpec withAction(Action a) {
        return new DriftSpec(detector, delta, threshold, a);
    }

    public boolean enabled() {
        return !NONE.equals(detector);
    }

    /** A new detector with these settings, or null for {@code none}. */
    DriftDetector create() {
        return switch (detector) {
            case ADWIN -> new Adwin(Double.isNaN(delta) ? Adwin.DEFAULT_DELTA : delta);
            case PAGE_HINKLEY -> new PageHinkley(Double.isNaN(delta) ? PageHinkley.DEFAULT_DELTA : delta,
                    Double.isNaN(threshold) ? PageHinkley.DEFAULT_THRESHOLD : threshold);
            default -> null;
        };
    }

    List<String> problems(LearnerConfig learner) {
        List<String> problems = new ArrayList<>();
        if (!List.of(NONE, ADWIN, PAGE_HINKLEY).contains(detector)) {
            problems.add("drift detector must be one of [none, adwin, page-hinkley], got '" + detector + "'");
            return problems;
        }
        if (action == null) {
            problems.add("drift action must be one of [none, reset, forget, challenger]");
        }
        if (ADWIN.equals(detector) && !(Double.isNaN(delta) || delta > 0 && delta < 1)) {
            problems.add("ADWIN's delta is a confidence in (0, 1), got " + delta);
        }
        if (PAGE_HINKLEY.equals(detector) && !(Double.isNaN(delta) || delta >= 0)) {
            problems.add("Page-Hinkley's delta must be >= 0, got " + delta);
        }
        if (PAGE_HINKLEY.equals(detector) && !(Double.isNaN(threshold) || threshold > 0)) {
            problems.add("Page-Hinkley's threshold must be positive, got " + threshold);
        }
        if (!PAGE_HINKLEY.equals(detector) && !Double.isNaN(threshold)) {
            problems.add("drift threshold is a setting of page-hinkley, not of " + detector);
        }
        if (!enabled() && action != Action.NONE && action != null) {
            problems.add("drift action " + name(action) + " needs a detector (adwin or page-hinkley)");
        }
        if (action == Action.FORGET && learner.optimizer() instanceof RecursiveLeastSquares) {
            problems.add("drift action forget lengthens steps, and recursive least squares has no step size;"
                    + " use reset, which re-inflates its covariance");
        }
        return problems;
    }

    /** Why copies of a learner on several partitions could not carry out this action; empty when they can. */
    List<String> mergeProblems() {
        return action == Action.NONE ? List.of()
                : List.of("drift action " + name(action) + " works on one partition only (each partition's copy"
                        + " would act alone on its share of the records); use action none, which still reports drifts");
    }

    static String name(Action a) {
        return a.name().toLowerCase(Locale.ROOT);
    }
}
