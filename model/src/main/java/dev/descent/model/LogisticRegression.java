package dev.descent.model;

import java.util.List;

/** {@code ŷ = sigmoid(w·x + b)}, the probability that the label is above the learner's threshold. */
public record LogisticRegression() implements ModelSpec {

    @Override public String kind() { return "logistic"; }

    @Override
    public List<String> problems(LearnerConfig learner) {
        return learner.isClassifier() ? List.of()
                : List.of("a logistic model needs a threshold that turns the label into two classes");
    }

    @Override public int parameterCount(int inputs) { return inputs + 1; }

    @Override public Model create(int inputs, LearnerConfig learner) { return LinearModel.logistic(inputs); }

    @Override public boolean outputsProbability(LearnerConfig learner) { return true; }

    @Override public String describe(int inputs) { return kind(); }
}
