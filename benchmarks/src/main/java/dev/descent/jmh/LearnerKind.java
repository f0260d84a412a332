package dev.descent.jmh;

import dev.descent.model.Activation;
import dev.descent.model.Adam;
import dev.descent.model.LearnerConfig;
import dev.descent.model.MultilayerPerceptron;
import dev.descent.model.RecursiveLeastSquares;

/**
 * The learner configurations the benchmarks compare, each with the learning rate it would be run
 * with on California housing, so the benchmarks time a learner that converges (a diverged
 * learner only predicts, and would look much faster than it is). Public because JMH's
 * generated code sets it as a {@code @Param}.
 */
public enum LearnerKind {
    /** The default learner: linear, squared loss, SGD, features and target standardized online. */
    LINEAR_SGD {
        @Override LearnerConfig.Builder builder() {
            return LearnerConfig.builder("linear-sgd").learningRate(1e-4);
        }
    },
    LINEAR_ADAM {
        @Override LearnerConfig.Builder builder() {
            return LearnerConfig.builder("linear-adam").optimizer(new Adam()).learningRate(0.001);
        }
    },
    /** 13-32-1 ReLU network: 481 parameters, the costliest learner per record. */
    MLP_ADAM {
        @Override LearnerConfig.Builder builder() {
            return LearnerConfig.builder("mlp-adam").model(new MultilayerPerceptron(new int[] {32}, Activation.RELU, 42))
                    .optimizer(new Adam()).learningRate(0.003);
        }
    },
    /** Recursive least squares: an O(p²) update of the 14×14 inverse Hessian per record; batch 1 only. */
    LINEAR_RLS {
        @Override LearnerConfig.Builder builder() {
            return LearnerConfig.builder("linear-rls").optimizer(new RecursiveLeastSquares()).learningRate(1.0);
        }
    };

    abstract LearnerConfig.Builder builder();

    LearnerConfig config(int batchSize) {
        return builder().batchSize(batchSize).build();
    }
}
