package dev.descent.evaluate;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One prequential (test-then-train) pass of each learner over the same rows in the same order:
 * for every row predict, score, then learn. Unlabeled rows are only predicted.
 *
 * <p>Learners run one after another, each over all rows, so each gets a clean throughput
 * figure; before its timed pass throwaway copies make warm-up passes (until {@value #WARM_UP_ROWS}
 * rows, {@value #WARM_UP_MILLIS} ms or {@value #WARM_UP_PASSES} passes), so the figure is
 * steady-state speed rather than JIT compilation time.
 */
public final class PrequentialEvaluation {
    static final long WARM_UP_ROWS = 500_000;
    static final long WARM_UP_MILLIS = 1000;
    static final int WARM_UP_PASSES = 25;

    private final double[][] features;  // valid rows in feeding order
    private final double[] labels;
    private final int window;

    /** Copies the valid rows in {@code order} into fresh arrays, so a pass reads memory sequentially. */
    public PrequentialEvaluation(EncodedRows rows, int[] order, int window) {
        List<double[]> x = new ArrayList<>(order.length);
        double[] y = new double[order.length];
        for (int i : order) {
            if (rows.features()[i] != null) {
                y[x.size()] = rows.labels()[i];
                x.add(rows.features()[i].clone());
            }
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException("no valid rows to evaluate");
        }
        this.features = x.toArray(double[][]::new);
        this.labels = Arrays.copyOf(y, x.size());
        this.window = window;
    }

    public List<LearnerResult> run(List<LearnerConfig> configs) {
        int width = features[0].length;
        List<LearnerResult> results = new ArrayList<>();
        for (LearnerConfig config : configs) {
            warmUp(config, width);
            Learner learner = new Learner(config, width);
            LearnerTrace trace = new LearnerTrace(window);
            long start = System.nanoTime();
            pass(learner, trace);
            double seconds = (System.nanoTime() - start) / 1e9;
            results.add(LearnerResult.of(learner, trace, seconds));
        }
        return results;
    }

    private void warmUp(LearnerConfig config, int features) {
        long deadline = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
        long rowsDone = 0;
        for (int i = 0; i < WARM_UP_PASSES && rowsDone < WARM_UP_ROWS && System.nanoTime() < deadline; i++) {
            pass(new Learner(config, features), new LearnerTrace(window));
            rowsDone += labels.length;
        }
    }

    private void pass(Learner learner, LearnerTrace trace) {
        double[][] x = features;
        double[] y = labels;
        LearnerConfig config = learner.config();
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                learner.predict(x[i]);
                continue;
            }
            double prediction = learner.learn(x[i], y[i]);
            trace.add(prediction, config.target(y[i]));
        }
    }
}
