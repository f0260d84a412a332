package dev.descent.jmh;

import dev.descent.model.Learner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Records per second through {@link Learner#learn} with one update per record (batch size 1),
 * single thread, 13 features: the cost of the streaming hot path (standardize, predict, score,
 * gradient, health checks, optimizer step).
 */
public class LearnOneBenchmark extends LearnerBenchmark {

    @Param({"LINEAR_SGD", "LINEAR_ADAM", "MLP_ADAM", "LINEAR_RLS"})
    public LearnerKind kind;

    @Override
    LearnerKind kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public double learn() {
        return learnRecords();
    }
}
