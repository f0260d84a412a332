package dev.descent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A fully connected network ({@link Mlp}): {@code hidden} layer sizes with one {@code activation},
 * an identity output for regression and a sigmoid one for two-class learners, Glorot-uniform
 * weights drawn from {@code seed}.
 */
public record MultilayerPerceptron(int[] hidden, Activation activation, long seed) implements ModelSpec {

    public MultilayerPerceptron() {
        this(new int[0], Activation.SIGMOID, 42);
    }

    /** Sigmoid layers of these sizes, seed 42. */
    public static MultilayerPerceptron ofHidden(int... sizes) {
        return new MultilayerPerceptron(sizes, Activation.SIGMOID, 42);
    }

    public MultilayerPerceptron {
        hidden = hidden.clone();
    }

    @Override public String kind() { return "mlp"; }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public List<String> problems(LearnerConfig learner) {
        List<String> problems = new ArrayList<>();
        if (hidden.length == 0) {
            problems.add("an MLP needs at least one hidden layer (e.g. hidden=[32])");
        }
        if (Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            problems.add("hidden layer sizes must be positive, got " + Arrays.toString(hidden));
        }
        return problems;
    }

    @Override
    public int parameterCount(int inputs) {
        int count = 0;
        int previous = inputs;
        for (int h : hidden) {
            count += h * previous + h;
            previous = h;
        }
        return count + previous + 1;
    }

    @Override
    public Model create(int inputs, LearnerConfig learner) {
        return new Mlp(inputs, hidden, activation, learner.isClassifier() ? Activation.SIGMOID : Activation.IDENTITY)
                .initialize(seed);
    }

    @Override public boolean outputsProbability(LearnerConfig learner) { return learner.isClassifier(); }

    @Override
    public String describe(int inputs) {
        String sizes = IntStream.concat(IntStream.concat(IntStream.of(inputs), Arrays.stream(hidden)), IntStream.of(1))
                .mapToObj(String::valueOf).collect(Collectors.joining("-"));
        return kind() + " " + sizes + " " + activation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultilayerPerceptron m && Arrays.equals(hidden, m.hidden) && activation == m.activation
                && seed == m.seed;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(hidden) + activation.hashCode()) + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "MultilayerPerceptron[hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", seed=" + seed + "]";
    }
}
