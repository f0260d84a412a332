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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Predictions per second from {@link Learner#predict} (unlabeled records): standardize and one
 * forward pass, no learning. The learner is first trained on one pass over the pool so it
 * predicts with realistic parameters and scaler statistics. One op is one record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PredictBenchmark {

    static final int BATCH = 1024;

    /** The optimizer does not matter for prediction; the model does. */
    @Param({"LINEAR_SGD", "MLP_ADAM"})
    public LearnerKind kind;

    private double[][] xs;
    private Learner learner;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticHousing pool = SyntheticHousing.generate(1990);
        xs = pool.x;
        learner = new Learner(kind.config(1), SyntheticHousing.FEATURES);
        for (int i = 0; i < SyntheticHousing.POOL_SIZE; i++) {
            learner.learn(pool.x[i], pool.y[i]);
        }
        LearnerHealth.check(learner);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double predict() {
        double sum = 0;
        int i = next;
        for (int k = 0; k < BATCH; k++) {
            sum += learner.predict(xs[i]);
            i = (i + 1) & SyntheticHousing.MASK;
        }
        next = i;
        return sum;
    }
}
