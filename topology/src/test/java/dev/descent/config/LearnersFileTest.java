package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.UserException;
import dev.descent.model.DriftSpec;
import dev.descent.model.AbsoluteLoss;
import dev.descent.model.Activation;
import dev.descent.model.Adam;
import dev.descent.model.Components;
import dev.descent.model.HuberLoss;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LinearRegression;
import dev.descent.model.LogLoss;
import dev.descent.model.LogisticRegression;
import dev.descent.model.Momentum;
import dev.descent.model.MultilayerPerceptron;
import dev.descent.model.RecursiveLeastSquares;
import dev.descent.model.RmsProp;
import dev.descent.model.Schedule;
import dev.descent.model.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnersFileTest {

    /** The README's learners example, as written there. */
    @Test
    void shouldReadTheReadmeExample() throws IOException {
        Matcher block = Pattern.compile("### Learners \\(`--learners FILE`\\).*?```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(block.find(), "the README's learners example");

        List<LearnerConfig> learners = LearnersFile.parse(block.group(1));

        assertEquals(List.of("rls", "mlp", "sgd-batch"), learners.stream().map(LearnerConfig::id).toList());
        assertEquals(new RecursiveLeastSquares(), learners.get(0).optimizer());
        assertEquals(Schedule.constant(1.0), learners.get(0).schedule());
        assertEquals(new MultilayerPerceptron(new int[] {32}, Activation.SIGMOID, 42), learners.get(1).model());
        assertEquals(new Adam(), learners.get(1).optimizer());
        assertEquals(32, learners.get(2).batchSize());
        assertEquals(1.0, learners.get(2).clipNorm());
        learners.forEach(l -> assertEquals(List.of(), l.problems(13), l.id()));
    }

    /** Every key the README's table documents, in files written before the learner components. */
    @Test
    void shouldReadEveryDocumentedKey() {
        List<LearnerConfig> learners = LearnersFile.parse("""
                [{"id": "a", "model": "mlp", "hidden": [8, 4], "activation": "hard-sigmoid", "seed": 7,
                  "loss": "huber", "huberDelta": 2, "optimizer": "momentum", "momentum": 0.5,
                  "learningRate": 0.1, "schedule": "step", "stepEvery": 10, "stepFactor": 0.9,
                  "batchSize": 4, "scaleFeatures": false, "scaleTarget": false, "clipNorm": 3, "normalized": true,
                  "tolerance": 0.05},
                 {"id": "b", "model": "logistic", "loss": "log", "threshold": 300000, "scaleTarget": false,
                  "optimizer": "rmsprop", "rho": 0.8, "epsilon": 1e-6, "schedule": "invscaling", "power": 0.5},
                 {"id": "c", "optimizer": "adam", "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7,
                  "loss": "absolute", "initialParameters": [1, 2, 3]},
                 {"id": "d", "optimizer": "rls", "forgetting": 0.99, "initialVariance": 10, "learningRate": 1}]
                """);

        LearnerConfig a = learners.get(0);
        assertEquals(new MultilayerPerceptron(new int[] {8, 4}, Activation.HARD_SIGMOID, 7), a.model());
        assertEquals(new HuberLoss(2), a.loss());
        assertEquals(new Momentum(0.5), a.optimizer());
        assertEquals(Schedule.step(0.1, 10, 0.9), a.schedule());
        assertEquals(4, a.batchSize());
        assertFalse(a.scaleFeatures());
        assertEquals(3.0, a.clipNorm());
        assertTrue(a.normalized());
        assertEquals(0.05, a.tolerance());
        LearnerConfig b = learners.get(1);
        assertEquals(new LogisticRegression(), b.model());
        assertEquals(new LogLoss(), b.loss());
        assertEquals(300000.0, b.threshold());
        assertEquals(new RmsProp(0.8, 1e-6), b.optimizer());
        assertEquals(Schedule.inverseScaling(0.01, 0.5), b.schedule());
        LearnerConfig c = learners.get(2);
        assertEquals(new Adam(0.8, 0.99, 1e-7), c.optimizer());
        assertEquals(new AbsoluteLoss(), c.loss());
        assertEquals(List.of(1.0, 2.0, 3.0), java.util.Arrays.stream(c.initialParameters()).boxed().toList());
        assertEquals(new RecursiveLeastSquares(0.99, 10), learners.get(3).optimizer());
        learners.forEach(l -> assertEquals(List.of(), l.problems(2), l.id()));
    }

    @Test
    void shouldKeepTheDefaultsOfWhatIsNotGivenAndTreatNullAsNotGiven() {
        LearnerConfig read = LearnersFile.parse("[{\"id\": \"x\", \"threshold\": null, \"optimizer\": null}]").get(0);
        LearnerConfig defaults = LearnerConfig.builder("x").build();

        assertEquals(new LinearRegression(), read.model());
        assertEquals(new Sgd(), read.optimizer());
        assertEquals(defaults.schedule(), read.schedule());
        assertEquals(defaults.loss(), read.loss());
        assertEquals(defaults.batchSize(), read.batchSize());
        assertEquals(defaults.tolerance(), read.tolerance());
        assertTrue(Double.isNaN(read.threshold()));
        assertTrue(read.scaleFeatures() && read.scaleTarget());
    }

    /** The drift object is laid over the defaults; a text names the detector alone. */
    @Test
    void shouldReadTheDriftSettingOverItsDefaults() {
        List<LearnerConfig> learners = LearnersFile.parse("""
                [{"id": "a"},
                 {"id": "b", "drift": {"action": "reset"}},
                 {"id": "c", "drift": "none"},
                 {"id": "d", "drift": {"detector": "Page_Hinkley", "threshold": 40, "action": "challenger"}}]""");
        assertEquals(DriftSpec.DEFAULT, learners.get(0).drift());
        assertEquals(DriftSpec.DEFAULT.withAction(DriftSpec.Action.RESET), learners.get(1).drift());
        assertEquals(DriftSpec.OFF, learners.get(2).drift());
        assertEquals(new DriftSpec(DriftSpec.PAGE_HINKLEY, Double.NaN, 40, DriftSpec.Action.CHALLENGER),
                learners.get(3).drift());
    }

    /** A kind registered in Components is read with its own defaults, with no word about it in the reader. */
    @Test
    void shouldReadEveryRegisteredKindByItsName() {
        for (var kinds : List.of(Components.MODELS, Components.LOSSES, Components.OPTIMIZERS, Components.SCHEDULES)) {
            for (var kind : kinds) {
                String part = kinds == Components.MODELS ? "model" : kinds == Components.LOSSES ? "loss"
                        : kinds == Components.OPTIMIZERS ? "optimizer" : "schedule";
                LearnerConfig read = LearnersFile.parse("[{\"id\": \"k\", \"" + part + "\": \"" + kind.kind() + "\"}]")
                        .get(0);
                Object got = switch (part) {
                    case "model" -> read.model();
                    case "loss" -> read.loss();
                    case "optimizer" -> read.optimizer();
                    default -> read.schedule();
                };
                assertEquals(kind, got, part + " " + kind.kind());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "not JSON            | [{                                              | learners file is not valid JSON",
        "not an array        | {}                                              | must be a non-empty JSON array",
        "empty array         | []                                              | must be a non-empty JSON array",
        "not an object       | [3]                                             | learner #1 is not a JSON object",
        "no id               | [{\"learningRate\": 0.1}]                       | learner #1: needs a non-empty text \"id\"",
        "typo                | [{\"id\": \"a\", \"learningrate\": 0.1}]        | learner 'a': unknown key 'learningrate'; known keys: activation, batchSize, beta1,",
        "another kind's key  | [{\"id\": \"a\", \"beta1\": 0.5}]               | learner 'a': key 'beta1' is a setting of optimizer adam, not of optimizer sgd",
        "number as text      | [{\"id\": \"a\", \"learningRate\": \"0.1\"}]     | learner 'a': \"learningRate\" must be a number, got \"0.1\"",
        "fraction for whole  | [{\"id\": \"a\", \"batchSize\": 1.5}]           | learner 'a': \"batchSize\" must be a whole number, got 1.5",
        "text for boolean    | [{\"id\": \"a\", \"normalized\": \"yes\"}]       | learner 'a': \"normalized\" must be true or false, got \"yes\"",
        "bad optimizer       | [{\"id\": \"a\", \"optimizer\": \"lbfgs\"}]     | learner 'a': \"optimizer\" must be one of [sgd, momentum, nesterov, adagrad, rmsprop, adam, rls], got \"lbfgs\"",
        "bad schedule        | [{\"id\": \"a\", \"schedule\": \"cosine\"}]      | learner 'a': \"schedule\" must be one of [constant, invscaling, step], got \"cosine\"",
        "bad activation      | [{\"id\": \"a\", \"model\": \"mlp\", \"activation\": \"tanh\"}] | learner 'a': \"activation\" must be one of [sigmoid, relu, hard-sigmoid, identity], got \"tanh\"",
        "bad layers          | [{\"id\": \"a\", \"model\": \"mlp\", \"hidden\": [\"x\"]}] | learner 'a': \"hidden\" must be an array of whole numbers, got [\"x\"]",
        "zero rate           | [{\"id\": \"a\", \"learningRate\": 0}]          | learner 'a': learning rate must be a positive number, got 0.0",
        "duplicate id        | [{\"id\": \"a\"}, {\"id\": \"a\"}]               | learner id 'a' appears twice",
        "drift not an object | [{\"id\": \"a\", \"drift\": 3}]               | learner 'a': \"drift\" must be an object such as",
        "drift typo          | [{\"id\": \"a\", \"drift\": {\"actoin\": \"reset\"}}] | learner 'a': unknown drift key 'actoin'; drift keys: detector, delta, threshold, action",
        "bad drift action    | [{\"id\": \"a\", \"drift\": {\"action\": \"panic\"}}] | learner 'a': \"action\" must be one of [none, reset, forget, challenger], got \"panic\"",
    })
    void shouldExplainWhatIsWrong(String name, String json, String message) {
        UserException e = assertThrows(UserException.class, () -> LearnersFile.parse(json));

        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
