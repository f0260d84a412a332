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
 * Records per second through {@link Learner#learn} with mini-batches of {@value #BATCH_SIZE}:
 * every record is still standardized, predicted and its gradient accumulated, but the update
 * (norms, health checks, optimizer step) runs once per {@value #BATCH_SIZE} records. The gap to
 * {@link LearnOneBenchmark} is the per-update share of the cost.
 *
 * <p>RLS is left out: it updates per record and refuses other batch sizes. One op is one record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LearnBatchBenchmark {

    static final int BATCH_SIZE = 32;
    /** Records per invocation; a multiple of the batch size so every call does the same work. */
    static final int RECORDS = 1024;

    @Param({"LINEAR_SGD", "LINEAR_ADAM", "MLP_ADAM"})
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
        learner = new Learner(kind.config(BATCH_SIZE), SyntheticHousing.FEATURES);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public double learn() {
        double sum = 0;
        int i = next;
        for (int k = 0; k < RECORDS; k++) {
            sum += learner.learn(xs[i], ys[i]);
            i = (i + 1) & SyntheticHousing.MASK;
        }
        next = i;
        return sum;
    }

    @TearDown(Level.Iteration)
    public void checkHealthy() {
        LearnerHealth.check(learner);
    }
}
