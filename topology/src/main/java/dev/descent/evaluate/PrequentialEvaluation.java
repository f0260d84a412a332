package dev.descent.evaluate;

import dev.descent.data.RowBlock;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.RowEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One prequential (test-then-train) pass of every learner over the same rows in the same order:
 * for every row predict, score, then learn. Unlabeled rows are only predicted; bad rows are
 * counted and passed over.
 *
 * <p>The learners are independent, so they run side by side on {@code threads} threads, block by
 * block: every learner passes over a block before the next one is handed out, the costliest
 * first. Each learner sees its rows in order on one thread at a time, so its figures are the same,
 * bit for bit, whatever the number of threads. Its {@code rowsPerSecond} is the time of its own
 * passes. Before the timed pass, throwaway copies pass over the first block (until
 * {@value #WARM_UP_ROWS} rows, {@value #WARM_UP_MILLIS} ms or {@value #WARM_UP_PASSES} passes),
 * so the figure is steady-state speed rather than JIT compilation time.
 */
public final class PrequentialEvaluation {
    static final long WARM_UP_ROWS = 500_000;
    static final long WARM_UP_MILLIS = 1000;
    static final int WARM_UP_PASSES = 25;
    /** Bad-row messages kept to show; the rest are counted. */
    public static final int PROBLEMS_KEPT = 10;

    /**
     * What a pass found and what it took.
     *
     * @param problems the first {@value #PROBLEMS_KEPT} bad rows' messages
     * @param unknownCategories per categorical column, values outside its categories (filled by the reader)
     */
    public record Outcome(List<LearnerResult> learners, long rows, long badRows, long unlabeledRows,
                          List<String> problems, double parseSeconds, double wallSeconds,
                          List<RowEncoder.UnknownCategories> unknownCategories) {
    }

    private final int window;
    private final int threads;

    public PrequentialEvaluation(int window, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.window = window;
        this.threads = threads;
    }

    /** A learner on its course through the pass. */
    private final class Lane {
        final LearnerConfig config;
        final Learner learner;
        final LearnerTrace trace = new LearnerTrace(window);
        long nanos;

        Lane(LearnerConfig config, int features) {
            this.config = config;
            this.learner = new Learner(config, features);
        }

        void pass(RowBlock block) {
            long start = System.nanoTime();
            PrequentialEvaluation.pass(learner, trace, block);
            nanos += System.nanoTime() - start;
        }

        void warmUp(RowBlock block) {
            long deadline = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
            long rowsDone = 0;
            for (int i = 0; i < WARM_UP_PASSES && rowsDone < WARM_UP_ROWS && System.nanoTime() < deadline; i++) {
                PrequentialEvaluation.pass(new Learner(config, learner.features()), new LearnerTrace(window), block);
                rowsDone += block.size();
            }
        }
    }

    public Outcome run(RowSource source, List<LearnerConfig> configs, int features) throws InterruptedException {
        long start = System.nanoTime();
        List<Lane> lanes = configs.stream().map(c -> new Lane(c, features)).toList();
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "descent-evaluate");
            t.setDaemon(true);
            return t;
        });
        long rows = 0;
        long bad = 0;
        long unlabeled = 0;
        List<String> problems = new ArrayList<>();
        try {
            boolean first = true;
            for (RowBlock block = source.next(); block != null; block = source.next()) {
                RowBlock current = block;
                if (first) {
                    each(pool, lanes, lane -> lane.warmUp(current));
                    first = false;
                }
                // the costliest learners first, so the last task to start is a short one
                List<Lane> byCost = lanes.stream().sorted(Comparator.comparingLong((Lane l) -> l.nanos).reversed()).toList();
                each(pool, byCost, lane -> lane.pass(current));
                rows += block.size();
                for (int i = 0; i < block.size(); i++) {
                    if (!block.valid(i)) {
                        bad++;
                    } else if (Double.isNaN(block.label(i))) {
                        unlabeled++;
                    }
                }
                block.problems().stream().limit(PROBLEMS_KEPT - problems.size()).forEach(problems::add);
                source.release(block);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        List<LearnerResult> results = lanes.stream()
                .map(l -> LearnerResult.of(l.learner, l.trace, l.nanos / 1e9)).toList();
        return new Outcome(results, rows, bad, unlabeled, List.copyOf(problems), source.parseNanos() / 1e9,
                (System.nanoTime() - start) / 1e9, List.of());
    }

    private interface LaneTask {
        void run(Lane lane);
    }

    /** Runs {@code task} for every lane, on the pool (in list order) or here, and waits for all. */
    private static void each(ExecutorService pool, List<Lane> lanes, LaneTask task) throws InterruptedException {
        if (pool == null) {
            lanes.forEach(task::run);
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            tasks.add(() -> {
                task.run(lane);
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(tasks)) {
            try {
                done.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static void pass(Learner learner, LearnerTrace trace, RowBlock block) {
        LearnerConfig config = learner.config();
        for (int i = 0; i < block.size(); i++) {
            if (!block.valid(i)) {
                continue;
            }
            double[] x = block.features(i);
            double y = block.label(i);
            if (Double.isNaN(y)) {
                learner.predict(x);
                continue;
            }
            double prediction = learner.learn(x, y);
            trace.add(prediction, config.target(y));
        }
    }
}
