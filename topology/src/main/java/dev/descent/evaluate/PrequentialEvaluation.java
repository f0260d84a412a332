package dev.descent.evaluate;

import dev.descent.data.RowBlock;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.PrequentialScore;
import dev.descent.model.RowEncoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * One prequential (test-then-train) pass of every learner over the same rows in the same order:
 * for every row predict, score, then learn. Unlabeled rows are only predicted; bad rows are
 * counted and passed over.
 *
 * <p>The learners are independent, so each runs on a thread of its own, block after block as the
 * source hands them out, at most {@code threads} of them computing at once; a block goes back to
 * the source once every learner has passed over it, so the fastest run ahead only as far as the
 * source's few blocks allow. Each learner sees its rows in order, so its figures are the same, bit
 * for bit, whatever the number of threads. Its {@code rowsPerSecond} counts the CPU time of its own
 * passes, so learners sharing the cores do not slow each other's figures. Before the timed pass,
 * throwaway copies pass over the first block (until
 * {@value #WARM_UP_ROWS} rows, {@value #WARM_UP_MILLIS} ms or {@value #WARM_UP_PASSES} passes),
 * so the figure is steady-state speed rather than JIT compilation time.
 *
 * <p>With a {@link SaleTiming} the labels come late ({@link DelayedLabels}): every row is predicted
 * when it is listed, and learned when it sells; each learner is scored twice, on the prediction it
 * makes just before learning (the RMSE, as without a delay) and on the one it made at the listing
 * (the delayed RMSE, what a buyer was quoted). Each lane keeps its own pending sales, so the figures
 * stay the same whatever the number of threads.
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
     * @param pendingAtLastListing with a {@link SaleTiming}, the sales still pending when the last row was listed
     *                             (learned after it); null without
     */
    public record Outcome(List<LearnerResult> learners, long rows, long badRows, long unlabeledRows,
                          List<String> problems, double parseSeconds, double wallSeconds,
                          List<RowEncoder.UnknownCategories> unknownCategories, Long pendingAtLastListing) {
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final int window;
    private final int threads;
    private final SaleTiming timing;

    /** Every label known at once. */
    public PrequentialEvaluation(int window, int threads) {
        this(window, threads, null);
    }

    /** @param timing when rows are listed and sold; null when every label is known at once */
    public PrequentialEvaluation(int window, int threads, SaleTiming timing) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.window = window;
        this.threads = threads;
        this.timing = timing;
    }

    /** A learner on its course through the pass, on a thread of its own. */
    private final class Lane implements DelayedLabels.Market {
        final LearnerConfig config;
        final Learner learner;
        final LearnerTrace trace = new LearnerTrace(window);
        final DelayedLabels delayed = timing == null ? null : new DelayedLabels(timing);
        final PrequentialScore delayedScore = new PrequentialScore(window);
        long cpuNanos;
        RuntimeException failure;

        Lane(LearnerConfig config, int features) {
            this.config = config;
            this.learner = new Learner(config, features);
        }

        @Override
        public double list(double[] x) {
            return learner.predict(x);
        }

        @Override
        public void sell(double[] x, double label, double listedPrediction) {
            double target = config.target(label);
            trace.add(learner.learn(x, label), target);
            if (Double.isFinite(listedPrediction)) {     // as the trace: a diverged learner's prices are not quoted
                delayedScore.add(listedPrediction, target);
            }
        }

        /** Every block in order, computing only while it holds one of the {@code running} permits. */
        void run(SharedBlocks blocks, Semaphore running) {
            try {
                for (int k = 0; ; k++) {
                    RowBlock block = blocks.await(k);
                    if (block == null) {
                        endDelayed(running);
                        return;
                    }
                    if (failure == null) {
                        running.acquire();
                        try {
                            if (k == 0) {
                                warmUp(block);
                            }
                            long start = CPU.getCurrentThreadCpuTime();
                            if (delayed == null) {
                                PrequentialEvaluation.pass(learner, trace, block);
                            } else {
                                passDelayed(block);
                            }
                            cpuNanos += CPU.getCurrentThreadCpuTime() - start;
                        } catch (RuntimeException e) {
                            failure = e;        // keep handing blocks back, or the reader would wait for this lane forever
                        } finally {
                            running.release();
                        }
                    }
                    blocks.done(k);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void passDelayed(RowBlock block) {
            for (int i = 0; i < block.size(); i++) {
                delayed.next(block.valid(i) ? block.features(i) : null, block.label(i), this);
            }
        }

        /** The sales still pending once the rows have ended. */
        void endDelayed(Semaphore running) throws InterruptedException {
            if (delayed == null || failure != null) {
                return;
            }
            running.acquire();
            try {
                long start = CPU.getCurrentThreadCpuTime();
                delayed.end(this);
                cpuNanos += CPU.getCurrentThreadCpuTime() - start;
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                running.release();
            }
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
        SharedBlocks blocks = new SharedBlocks(source, lanes.size());
        Semaphore running = new Semaphore(threads);
        List<Thread> workers = new ArrayList<>();
        for (Lane lane : lanes) {
            Thread worker = new Thread(() -> lane.run(blocks, running), "descent-evaluate-" + lane.config.id());
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        long rows = 0;
        long bad = 0;
        long unlabeled = 0;
        List<String> problems = new ArrayList<>();
        try {
            for (RowBlock block = source.next(); block != null; block = source.next()) {
                rows += block.size();
                for (int i = 0; i < block.size(); i++) {
                    if (!block.valid(i)) {
                        bad++;
                    } else if (Double.isNaN(block.label(i))) {
                        unlabeled++;
                    }
                }
                block.problems().stream().limit(PROBLEMS_KEPT - problems.size()).forEach(problems::add);
                blocks.publish(block);
            }
        } finally {
            blocks.end();
            for (Thread worker : workers) {
                worker.join();
            }
        }
        for (Lane lane : lanes) {
            if (lane.failure != null) {
                throw lane.failure;
            }
        }
        List<LearnerResult> results = lanes.stream().map(l -> LearnerResult.of(l.learner, l.trace,
                timing == null ? null : l.delayedScore, l.cpuNanos / 1e9)).toList();
        // Every lane listed the same rows at the same moments, so each left the same sales pending.
        Long pending = timing == null || lanes.isEmpty() ? null : lanes.get(0).delayed.pendingAtLastListing();
        return new Outcome(results, rows, bad, unlabeled, List.copyOf(problems), source.parseNanos() / 1e9,
                (System.nanoTime() - start) / 1e9, List.of(), pending);
    }

    /**
     * The blocks read so far, each handed to every lane in order and back to the source once every
     * lane has passed over it: the source's few blocks bound how far the fastest lane runs ahead.
     */
    private static final class SharedBlocks {
        private final RowSource source;
        private final int lanes;
        private final Map<Integer, RowBlock> published = new HashMap<>();
        private final Map<Integer, Integer> remaining = new HashMap<>();
        private int count;
        private boolean ended;

        SharedBlocks(RowSource source, int lanes) {
            this.source = source;
            this.lanes = lanes;
        }

        synchronized void publish(RowBlock block) {
            published.put(count, block);
            remaining.put(count, lanes);
            count++;
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        /** Block {@code k}, waiting until it is read; null when the rows ended before it. */
        synchronized RowBlock await(int k) throws InterruptedException {
            while (k >= count && !ended) {
                wait();
            }
            return k < count ? published.get(k) : null;
        }

        synchronized void done(int k) {
            int left = remaining.merge(k, -1, Integer::sum);
            if (left == 0) {
                remaining.remove(k);
                source.release(published.remove(k));
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
