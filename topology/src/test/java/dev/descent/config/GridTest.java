package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.UserException;
import dev.descent.model.Activation;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Adam;
import dev.descent.model.HuberLoss;
import dev.descent.model.LogisticRegression;
import dev.descent.model.MultilayerPerceptron;
import dev.descent.model.RmsProp;
import dev.descent.model.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridTest {

    @Test
    void shouldMakeTheCrossProductWithTheLastKeyVaryingFastest() {
        List<LearnerConfig> learners = Grid.parse("lr=0.001,0.01,0.1;batch=1,32;optimizer=sgd,adam");

        assertEquals(List.of(
                "lr0.001-b1-sgd", "lr0.001-b1-adam", "lr0.001-b32-sgd", "lr0.001-b32-adam",
                "lr0.01-b1-sgd", "lr0.01-b1-adam", "lr0.01-b32-sgd", "lr0.01-b32-adam",
                "lr0.1-b1-sgd", "lr0.1-b1-adam", "lr0.1-b32-sgd", "lr0.1-b32-adam"),
                learners.stream().map(LearnerConfig::id).toList());
    }

    @Test
    void shouldSetTheValuesOfEachLearner() {
        List<LearnerConfig> learners = Grid.parse("lr=0.001,0.01,0.1;batch=1,32;optimizer=sgd,adam");

        LearnerConfig fourth = learners.get(3);     // lr0.001-b32-adam
        assertEquals(0.001, fourth.schedule().learningRate());
        assertEquals(32, fourth.batchSize());
        assertEquals(new Adam(), fourth.optimizer());
        LearnerConfig ninth = learners.get(8);      // lr0.1-b1-sgd
        assertEquals(0.1, ninth.schedule().learningRate());
        assertEquals(1, ninth.batchSize());
        assertEquals(new Sgd(), ninth.optimizer());
    }

    @Test
    void shouldKeepTheBuilderDefaultsForKeysNotInTheGrid() {
        LearnerConfig fromGrid = Grid.parse("lr=0.05").get(0);
        LearnerConfig expected = LearnerConfig.builder("lr0.05").learningRate(0.05).build();

        // Arrays compare by identity in a record's equals, so compare the fields one by one where it matters.
        assertEquals(expected.model(), fromGrid.model());
        assertEquals(expected.loss(), fromGrid.loss());
        assertEquals(expected.optimizer(), fromGrid.optimizer());
        assertEquals(expected.schedule(), fromGrid.schedule());
        assertEquals(expected.batchSize(), fromGrid.batchSize());
        assertEquals(expected.clipNorm(), fromGrid.clipNorm());
        assertEquals(expected.scaleFeatures(), fromGrid.scaleFeatures());
        assertEquals(expected.scaleTarget(), fromGrid.scaleTarget());
        assertEquals(expected.normalized(), fromGrid.normalized());
        assertEquals(expected.tolerance(), fromGrid.tolerance());
        assertEquals(0.01, Grid.parse("batch=8").get(0).schedule().learningRate());
    }

    @Test
    void shouldReadEveryKeyAndNameTheLearnerAfterItInGridOrder() {
        LearnerConfig c = Grid.parse(
                "model=mlp; hidden=32x16; activation=hard-sigmoid; loss=huber; optimizer=rmsprop; clip=5; batch=4; lr=1e-3")
                .get(0);

        assertEquals("mlp-h32x16-hard-sigmoid-huber-rmsprop-clip5-b4-lr1e-3", c.id());
        assertEquals(new MultilayerPerceptron(new int[] {32, 16}, Activation.HARD_SIGMOID, 42), c.model());
        assertEquals(new HuberLoss(), c.loss());
        assertEquals(new RmsProp(), c.optimizer());
        assertEquals(5.0, c.clipNorm());
        assertEquals(4, c.batchSize());
        assertEquals(0.001, c.schedule().learningRate());
    }

    @Test
    void shouldReadChoicesInAnyCaseAsTheLearnersFileDoesAndNameThemInLowerCase() {
        List<LearnerConfig> learners = Grid.parse("activation=HARD_SIGMOID,ReLU;model=MLP;hidden=4");

        assertEquals(List.of("hard_sigmoid-mlp-h4", "relu-mlp-h4"), learners.stream().map(LearnerConfig::id).toList());
        assertEquals(new MultilayerPerceptron(new int[] {4}, Activation.HARD_SIGMOID, 42), learners.get(0).model());
        assertEquals(new LogisticRegression(), Grid.parse("model=Logistic;threshold=1").get(0).model());
    }

    @Test
    void shouldAllowExactly256Learners() {
        assertEquals(256, Grid.parse("batch=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16;model=mlp;"
                + "hidden=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16").size());
    }

    @ParameterizedTest(name = "grid \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                       | empty learner grid; expected key=v1,v2,... parts separated by ';'",
        "lr=0.1;                  | grid 'lr=0.1;' has an empty part",
        "lr                       | grid part 'lr' has no '='",
        "rate=0.1                 | unknown key 'rate' in grid part 'rate=0.1'; known keys: lr, batch, clip, hidden, activation,",
        "lr=0.1;batch=1;lr=0.2    | key 'lr' appears twice in grid 'lr=0.1;batch=1;lr=0.2'",
        "batch=                   | grid part 'batch=' lists no values",
        "lr=0.1,,0.2              | grid part 'lr=0.1,,0.2' has an empty value",
        "lr=fast                  | grid 'lr=fast': learner 'lrfast': \"learningRate\" must be a number, got \"fast\"",
        "lr=0                     | learner 'lr0': learning rate must be a positive number, got 0.0",
        "lr=NaN                   | learner 'lrNaN': learning rate must be a positive number, got NaN",
        "lr=1e999                 | learner 'lr1e999': learning rate must be a positive number, got Infinity",
        "clip=x                   | learner 'clipx': \"clipNorm\" must be a number, got \"x\"",
        "batch=2.5                | learner 'b2.5': \"batchSize\" must be a whole number, got 2.5",
        "model=mlp;hidden=32x     | learner 'mlp-h32x': \"hidden\" must be an array of whole numbers, got [32,\"\"]",
        "hidden=32                | learner 'h32': key 'hidden' is a setting of model mlp, not of model linear",
        "optimizer=sgd,lbfgs      | learner 'lbfgs': \"optimizer\" must be one of [sgd, momentum, nesterov, adagrad, rmsprop, adam, rls], got \"lbfgs\"",
        "model=tree               | \"model\" must be one of [linear, logistic, mlp], got \"tree\"",
        "model=mlp;activation=tanh | \"activation\" must be one of [sigmoid, relu, hard-sigmoid, identity], got \"tanh\"",
        "loss=hinge               | \"loss\" must be one of [squared, absolute, huber, log], got \"hinge\"",
        "optimizer=sgd;beta1=0.5  | learner 'sgd-beta10.5': key 'beta1' is a setting of optimizer adam, not of optimizer sgd",
        "lr=0.1,0.10              | grid part 'lr=0.1,0.10' lists lr 0.10 twice",
        "optimizer=adam,ADAM      | grid part 'optimizer=adam,ADAM' lists optimizer ADAM twice",
        "lr=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17;batch=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
                + " | makes 17 x 16 learners, more than 256; list fewer values",
    })
    void shouldExplainWhatIsWrongAndWhatIsExpected(String spec, String expectedMessagePart) {
        UserException e = assertThrows(UserException.class, () -> Grid.parse(spec));

        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    /** The grid reads the learners file's words: every key, and every value the file accepts (clip 0 is "off"). */
    @Test
    void shouldTakeEveryKeyAndValueOfTheLearnersFile() {
        LearnerConfig c = Grid.parse("optimizer=nesterov;momentum=0.5;clip=0;schedule=invscaling;power=0.5;lr=0.2"
                + ";scaleTarget=false;tolerance=0.1").get(0);

        assertEquals("nesterov-momentum0.5-clip0-invscaling-power0.5-lr0.2-scaleTargetfalse-tolerance0.1", c.id());
        assertEquals(LearnersFile.parse("[{\"id\": \"" + c.id() + "\", \"optimizer\": \"nesterov\", \"momentum\": 0.5,"
                + " \"clipNorm\": 0, \"schedule\": \"invscaling\", \"power\": 0.5, \"learningRate\": 0.2,"
                + " \"scaleTarget\": false, \"tolerance\": 0.1}]").get(0).toString(), c.toString());
    }

    /** Values the reader takes but no learner can use are named when the learners are checked, as for a file. */
    @Test
    void shouldLeaveImpossibleValuesToTheLearnersCheck() {
        assertEquals(List.of("gradient clip norm must be >= 0 (0 = off), got -1.0"), Grid.parse("clip=-1").get(0).problems(13));
        assertEquals(List.of("batch size must be at least 1, got 0"), Grid.parse("batch=0").get(0).problems(13));
    }

    /** Every grid the README and docs/ show, as written there. */
    @Test
    void shouldReadEveryDocumentedGrid() throws java.io.IOException {
        List<String> grids = new java.util.ArrayList<>();
        List<java.nio.file.Path> docs = new java.util.ArrayList<>(List.of(java.nio.file.Path.of("../README.md")));
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        for (java.nio.file.Path doc : docs) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--grid '([^']+)'")
                    .matcher(java.nio.file.Files.readString(doc));
            while (m.find()) {
                grids.add(m.group(1));
                assertTrue(Grid.parse(m.group(1)).stream().allMatch(l -> l.problems(13).isEmpty()),
                        doc.getFileName() + ": " + m.group(1));
            }
        }
        assertTrue(!grids.isEmpty(), "found no documented grid");
    }
}
