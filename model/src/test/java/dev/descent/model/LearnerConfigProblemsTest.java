package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LearnerConfigProblemsTest {

    static Stream<Arguments> impossibleConfigurations() {
        return Stream.of(
                Arguments.of("log loss with a linear model",
                        LearnerConfig.builder("a").loss(new LogLoss()).build(),
                        "log loss needs a probability output"),
                Arguments.of("RLS with an MLP",
                        LearnerConfig.builder("a").model(MultilayerPerceptron.ofHidden(4)).optimizer(new RecursiveLeastSquares()).build(),
                        "recursive least squares needs a linear model with squared loss"),
                Arguments.of("RLS with batch 8",
                        LearnerConfig.builder("a").optimizer(new RecursiveLeastSquares()).batchSize(8).build(),
                        "recursive least squares updates per record; use batch size 1"),
                Arguments.of("logistic without a threshold",
                        LearnerConfig.builder("a").model(new LogisticRegression()).loss(new LogLoss()).scaleTarget(false).build(),
                        "a logistic model needs a threshold"),
                Arguments.of("wrong initial parameter count",
                        LearnerConfig.builder("a").initialParameters(0.5, -0.3).build(),
                        "initial parameters: expected 3 values for 2 features, got 2"),
                Arguments.of("two-class learner scaling its target",
                        LearnerConfig.builder("a").model(new LogisticRegression()).loss(new LogLoss()).threshold(0).build(),
                        "cannot scale its 0/1 target"),
                Arguments.of("MLP without hidden layers",
                        LearnerConfig.builder("a").model(new MultilayerPerceptron()).build(), "at least one hidden layer"),
                Arguments.of("batch size 0", LearnerConfig.builder("a").batchSize(0).build(),
                        "batch size must be at least 1, got 0"),
                Arguments.of("blank id", LearnerConfig.builder(" ").build(), "non-empty id"),
                Arguments.of("control character in the id", LearnerConfig.builder("a\u0000b").build(),
                        "learner id 'a?b' has a control character"),
                Arguments.of("negative clip norm", LearnerConfig.builder("a").clipNorm(-1).build(), "clip norm"),
                Arguments.of("NaN tolerance", LearnerConfig.builder("a").tolerance(Double.NaN).build(), "tolerance"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleConfigurations")
    void shouldExplainAnImpossibleConfiguration(String name, LearnerConfig config, String message) {
        List<String> problems = config.problems(2);
        assertEquals(1, problems.size(), "problems: " + problems);
        assertTrue(problems.get(0).contains(message), problems.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Learner(config, 2));
        assertTrue(e.getMessage().startsWith("learner '" + config.id() + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        LearnerConfig config = LearnerConfig.builder("many").model(MultilayerPerceptron.ofHidden(4)).optimizer(new RecursiveLeastSquares())
                .batchSize(8).initialParameters(1, 2).build();
        List<String> problems = config.problems(2);
        assertEquals(3, problems.size(), "problems: " + problems);
        assertTrue(problems.get(2).contains("expected 17 values for 2 features, got 2"), problems.get(2));
    }

    @Test
    void shouldAcceptTheDefaultsAndTheDocumentedCombinations() {
        assertTrue(LearnerConfig.builder("a").build().problems(13).isEmpty());
        assertTrue(LearnerConfig.builder("a").optimizer(new RecursiveLeastSquares()).learningRate(1).build().problems(13).isEmpty());
        assertTrue(LearnerConfig.builder("a").model(MultilayerPerceptron.ofHidden(32)).loss(new LogLoss()).threshold(300000)
                .scaleTarget(false).build().problems(13).isEmpty());
        assertTrue(LearnerConfig.builder("a").initialParameters(0.5, -0.3, 0.2).build().problems(2).isEmpty());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2 + 2 + 1,
                LearnerConfig.builder("a").model(MultilayerPerceptron.ofHidden(4, 2)).build().parameterCount(3));
    }

    /**
     * The class promises that validate "explains every impossible combination in words"; a setting
     * that the learner's constructor rejects must therefore show up in problems() (the CLI only
     * calls problems() before reading the data, and builds the learners afterwards).
     */
    @Test
    void shouldReportEverySettingTheLearnerRejects() {
        Map<String, LearnerConfig> cases = new LinkedHashMap<>();
        cases.put("momentum 1", LearnerConfig.builder("a").optimizer(new Momentum(1)).build());
        cases.put("Huber delta 0", LearnerConfig.builder("a").loss(new HuberLoss(0)).build());
        cases.put("Adam beta1 1", LearnerConfig.builder("a").optimizer(new Adam(1, 0.999, 1e-8)).build());
        cases.put("RMSProp rho 1", LearnerConfig.builder("a").optimizer(new RmsProp(1, 1e-8)).build());
        cases.put("RLS forgetting 0", LearnerConfig.builder("a").optimizer(new RecursiveLeastSquares(0, 100)).build());
        cases.put("RLS initial variance 0",
                LearnerConfig.builder("a").optimizer(new RecursiveLeastSquares(1, 0)).build());
        List<String> unreported = new ArrayList<>();
        cases.forEach((name, config) -> {
            assertThrows(IllegalArgumentException.class, () -> new Learner(config, 2), name);
            if (config.problems(2).isEmpty()) {
                unreported.add(name);
            }
        });
        assertEquals(List.of(), unreported, "rejected by the Learner constructor but not reported by problems()");
    }
}
