package dev.descent.config;

import dev.descent.model.Activation;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerConfig.ModelKind;
import dev.descent.model.LearnerConfig.OptimizerKind;
import java.util.List;

/**
 * The learners used when no learners file is given: the robust linear choices side by side
 * (a small constant step, gradient clipping, normalized updates, Adam, recursive least
 * squares), a sigmoid MLP, and one deliberately unstable step so a run always shows what
 * divergence looks like. Features and target are standardized online (the defaults).
 */
public final class DefaultLearners {

    private DefaultLearners() {
    }

    public static List<LearnerConfig> all() {
        return List.of(
                LearnerConfig.builder("linear-sgd-0.0001").learningRate(1e-4).build(),
                LearnerConfig.builder("linear-sgd-0.001-clip1").learningRate(1e-3).clipNorm(1).build(),
                LearnerConfig.builder("linear-nlms-0.01").learningRate(0.01).normalized(true).build(),
                LearnerConfig.builder("linear-adam-0.001").optimizer(OptimizerKind.ADAM).learningRate(1e-3).build(),
                LearnerConfig.builder("linear-rls").optimizer(OptimizerKind.RLS).learningRate(1).build(),
                LearnerConfig.builder("mlp-32-sigmoid-adam-0.01").model(ModelKind.MLP).hidden(32)
                        .activation(Activation.SIGMOID).optimizer(OptimizerKind.ADAM).learningRate(0.01).build(),
                LearnerConfig.builder("linear-sgd-0.5-unstable").learningRate(0.5).build());
    }
}
