package dev.descent.bench;

import dev.descent.model.Learner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second through {@link Learner#learn} with one update per record (batch size 1),
 * single thread, 13 features: the cost of the streaming hot path (standardize, predict, score,
 * gradient, health checks, optimizer step).
 *
 * <p>One op is one record: each invocation learns {@value #BATCH} consecutive records of the
 * pool so the per-call overhead of JMH is amortized away. The learner keeps learning across
 * iterations, so after warm-up it is measured in its steady, converged state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LearnOneBenchmark {

    static final int BATCH = 1024;

    @Param({"LINEAR_SGD", "LINEAR_ADAM", "MLP_ADAM", "LINEAR_RLS"})
    public LearnerKind kind;

    private double[][] xs;
    private double[] ys;
    private Learner learner;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticHousing pool = SyntheticHousing.generate(1990);
        xs = pool.x;
        ys = pool.y;
        learner = new Learner(kind.config(1), SyntheticHousing.FEATURES);
    }

    /** Summing the predictions keeps them live (the sum is returned to JMH's blackhole). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double learn() {
        double sum = 0;
        int i = next;
        for (int k = 0; k < BATCH; k++) {
            sum += learner.learn(xs[i], ys[i]);
            i = (i + 1) & SyntheticHousing.MASK;
        }
        next = i;
        return sum;
    }

    /** A diverged learner stops updating and would report a meaningless, much higher rate. */
    @TearDown(Level.Iteration)
    public void checkHealthy() {
        LearnerHealth.check(learner);
    }
}
