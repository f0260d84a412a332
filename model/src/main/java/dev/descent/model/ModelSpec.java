package dev.descent.model;

/** The settings of one kind of model; creates the model with its initial parameters. */
public interface ModelSpec extends Component {

    /** Number of parameters for {@code inputs} features. */
    int parameterCount(int inputs);

    /** A new model for {@code inputs} features, as part of {@code learner}. */
    Model create(int inputs, LearnerConfig learner);

    /** Whether the output is a probability in {@code learner} (what log loss needs). */
    boolean outputsProbability(LearnerConfig learner);

    /** The architecture in a few words, e.g. {@code linear} or {@code mlp 13-32-1 sigmoid}. */
    String describe(int inputs);
}
