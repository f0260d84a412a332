package dev.descent.model;

import java.util.List;
import java.util.Map;

/**
 * Every kind of model, loss, optimizer and schedule, each as its default settings: the one
 * place a new kind is registered. Learners files, grids and the snapshot codec find kinds here
 * by {@link Component#kind()}.
 */
public final class Components {
    public static final List<ModelSpec> MODELS = List.of(
            new LinearRegression(), new LogisticRegression(), new MultilayerPerceptron());
    public static final List<Loss> LOSSES = List.of(
            new SquaredLoss(), new AbsoluteLoss(), new HuberLoss(), new LogLoss());
    public static final List<OptimizerSpec> OPTIMIZERS = List.of(
            new Sgd(), new Momentum(), new Nesterov(), new AdaGrad(), new RmsProp(), new Adam(),
            new RecursiveLeastSquares());
    public static final List<Schedule> SCHEDULES = List.of(
            new Schedule.Constant(), new Schedule.InverseScaling(), new Schedule.StepDecay());

    private static final Map<Class<?>, List<? extends Component>> BY_TYPE = Map.of(
            ModelSpec.class, MODELS, Loss.class, LOSSES, OptimizerSpec.class, OPTIMIZERS, Schedule.class, SCHEDULES);

    private Components() {
    }

    /** The kinds of one part, by its interface ({@code OptimizerSpec.class}…); null for a type that is no part. */
    public static List<? extends Component> kindsOf(Class<?> type) {
        return BY_TYPE.get(type);
    }

    /** The default settings of the kind called {@code kind} among {@code kinds}, or null. */
    public static <C extends Component> C named(List<C> kinds, String kind) {
        for (C c : kinds) {
            if (c.kind().equals(kind)) {
                return c;
            }
        }
        return null;
    }
}
