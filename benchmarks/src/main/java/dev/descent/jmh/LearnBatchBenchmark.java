package dev.descent.jmh;

import dev.descent.model.Learner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Records per second through {@link Learner#learn} with mini-batches of {@value #BATCH_SIZE}:
 * every record is still standardized, predicted and its gradient accumulated, but the update
 * (norms, health checks, optimizer step) runs once per {@value #BATCH_SIZE} records. The gap to
 * {@link LearnOneBenchmark} is the per-update share of the cost.
 *
 * <p>RLS is left out: it updates per record and refuses other batch sizes.
 */
public class LearnBatchBenchmark extends LearnerBenchmark {

    static final int BATCH_SIZE = 32;

    @Param({"LINEAR_SGD", "LINEAR_ADAM", "MLP_ADAM"})
    public LearnerKind kind;

    @Override
    LearnerKind kind() {
        return kind;
    }

    @Override
    int batchSize() {
        return BATCH_SIZE;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public double learn() {
        return learnRecords();
    }
}
