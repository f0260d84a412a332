package dev.descent.jmh;

import dev.descent.model.Learner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the benchmarks share: their JMH settings (throughput in records per second, single
 * thread), one learner of the configured {@link LearnerKind}, and a walk through the
 * {@link SyntheticHousing} pool.
 *
 * <p>One op is one record: each invocation handles {@value #RECORDS} consecutive records of the
 * pool, so the per-call overhead of JMH is amortized away. The learner carries on across
 * iterations, so after warm-up it is measured in its steady, converged state. The predictions
 * are summed and returned to JMH's blackhole, which keeps them live.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class LearnerBenchmark {

    /** Records per invocation; a multiple of every batch size, so every call does the same work. */
    static final int RECORDS = 1024;

    private final SyntheticHousing pool = SyntheticHousing.generate(1990);
    Learner learner;
    private int next;

    /** The configuration under test. */
    abstract LearnerKind kind();

    /** Records per update. */
    int batchSize() {
        return 1;
    }

    @Setup(Level.Trial)
    public void createLearner() {
        learner = new Learner(kind().config(batchSize()), SyntheticHousing.FEATURES);
        prepare();
    }

    /** Runs once the learner exists, before measuring. */
    void prepare() {
    }

    /** {@value #RECORDS} records through {@link Learner#learn}. */
    final double learnRecords() {
        double sum = 0;
        int i = next;
        for (int k = 0; k < RECORDS; k++) {
            sum += learner.learn(pool.x[i], pool.y[i]);
            i = (i + 1) & SyntheticHousing.MASK;
        }
        next = i;
        return sum;
    }

    /** {@value #RECORDS} records through {@link Learner#predict}. */
    final double predictRecords() {
        double sum = 0;
        int i = next;
        for (int k = 0; k < RECORDS; k++) {
            sum += learner.predict(pool.x[i]);
            i = (i + 1) & SyntheticHousing.MASK;
        }
        next = i;
        return sum;
    }

    /** One pass over the pool, so that predictions use realistic parameters and statistics. */
    final void trainOnePass() {
        for (int i = 0; i < SyntheticHousing.POOL_SIZE; i++) {
            learner.learn(pool.x[i], pool.y[i]);
        }
        checkHealthy();
    }

    /**
     * Fails a benchmark whose learner diverged: it would then only predict, and its score would
     * lie, looking much faster than learning is.
     */
    @TearDown(Level.Iteration)
    public void checkHealthy() {
        if (learner.status() == Learner.Status.DIVERGED) {
            throw new IllegalStateException("learner '" + learner.config().id() + "' diverged ("
                    + learner.divergence() + ") at record " + learner.divergedAtRecord()
                    + "; the measurement is not of learning");
        }
    }
}
