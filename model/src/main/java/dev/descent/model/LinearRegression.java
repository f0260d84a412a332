package dev.descent.model;

/** {@code ŷ = w·x + b}. */
public record LinearRegression() implements ModelSpec {

    @Override public String kind() { return "linear"; }

    @Override public int parameterCount(int inputs) { return inputs + 1; }

    @Override public Model create(int inputs, LearnerConfig learner) { return LinearModel.regression(inputs); }

    @Override public boolean outputsProbability(LearnerConfig learner) { return false; }

    @Override public String describe(int inputs) { return kind(); }
}
