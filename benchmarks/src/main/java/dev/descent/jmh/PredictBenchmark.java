package dev.descent.jmh;

import dev.descent.model.Learner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Predictions per second from {@link Learner#predict} (unlabeled records): standardize and one
 * forward pass, no learning. The learner is first trained on one pass over the pool so it
 * predicts with realistic parameters and scaler statistics.
 */
public class PredictBenchmark extends LearnerBenchmark {

    /** The optimizer does not matter for prediction; the model does. */
    @Param({"LINEAR_SGD", "MLP_ADAM"})
    public LearnerKind kind;

    @Override
    LearnerKind kind() {
        return kind;
    }

    @Override
    void prepare() {
        trainOnePass();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public double predict() {
        return predictRecords();
    }
}
