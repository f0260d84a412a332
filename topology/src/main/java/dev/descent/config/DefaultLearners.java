package dev.descent.config;

import dev.descent.model.Adam;
import dev.descent.model.DriftSpec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.MultilayerPerceptron;
import dev.descent.model.RecursiveLeastSquares;
import java.util.List;

/**
 * The learners used when no learners file is given: the robust linear choices side by side
 * (a small constant step, gradient clipping, normalized updates, Adam, recursive least
 * squares), a sigmoid MLP, and one deliberately unstable step so a run always shows what
 * divergence looks like. Features and target are standardized online (the defaults). Every one
 * watches its error with ADWIN and reports drifts (the default), but the unstable one, whose
 * error means little once it diverged.
 */
public final class DefaultLearners {

    private DefaultLearners() {
    }

    public static List<LearnerConfig> all() {
        return List.of(
                LearnerConfig.builder("linear-sgd-0.0001").learningRate(1e-4).build(),
                LearnerConfig.builder("linear-sgd-0.001-clip1").learningRate(1e-3).clipNorm(1).build(),
                LearnerConfig.builder("linear-nlms-0.01").learningRate(0.01).normalized(true).build(),
                LearnerConfig.builder("linear-adam-0.001").optimizer(new Adam()).learningRate(1e-3).build(),
                LearnerConfig.builder("linear-rls").optimizer(new RecursiveLeastSquares()).learningRate(1).build(),
                LearnerConfig.builder("mlp-32-sigmoid-adam-0.01").model(MultilayerPerceptron.ofHidden(32))
                        .optimizer(new Adam()).learningRate(0.01).build(),
                LearnerConfig.builder("linear-sgd-0.5-unstable").learningRate(0.5).drift(DriftSpec.OFF).build());
    }
}
