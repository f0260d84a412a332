package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.UserException;
import dev.descent.model.Activation;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerConfig.LossKind;
import dev.descent.model.LearnerConfig.ModelKind;
import dev.descent.model.LearnerConfig.OptimizerKind;
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
        assertEquals(0.001, fourth.schedule().rate());
        assertEquals(32, fourth.batchSize());
        assertEquals(OptimizerKind.ADAM, fourth.optimizer());
        LearnerConfig ninth = learners.get(8);      // lr0.1-b1-sgd
        assertEquals(0.1, ninth.schedule().rate());
        assertEquals(1, ninth.batchSize());
        assertEquals(OptimizerKind.SGD, ninth.optimizer());
    }

    @Test
    void shouldKeepTheBuilderDefaultsForKeysNotInTheGrid() {
        LearnerConfig fromGrid = Grid.parse("lr=0.05").get(0);
        LearnerConfig expected = LearnerConfig.builder("lr0.05").learningRate(0.05).build();

        // Arrays compare by identity in a record's equals, so compare the fields one by one where it matters.
        assertEquals(expected.model(), fromGrid.model());
        assertArrayEquals(expected.hidden(), fromGrid.hidden());
        assertEquals(expected.activation(), fromGrid.activation());
        assertEquals(expected.loss(), fromGrid.loss());
        assertEquals(expected.optimizer(), fromGrid.optimizer());
        assertEquals(expected.schedule(), fromGrid.schedule());
        assertEquals(expected.batchSize(), fromGrid.batchSize());
        assertEquals(expected.clipNorm(), fromGrid.clipNorm());
        assertEquals(expected.scaleFeatures(), fromGrid.scaleFeatures());
        assertEquals(expected.scaleTarget(), fromGrid.scaleTarget());
        assertEquals(expected.seed(), fromGrid.seed());
        assertEquals(0.01, Grid.parse("batch=8").get(0).schedule().rate());
    }

    @Test
    void shouldReadEveryKeyAndNameTheLearnerAfterItInGridOrder() {
        LearnerConfig c = Grid.parse(
                "model=mlp; hidden=32x16; activation=hard-sigmoid; loss=huber; optimizer=rmsprop; clip=5; batch=4; lr=1e-3")
                .get(0);

        assertEquals("mlp-h32x16-hard-sigmoid-huber-rmsprop-clip5-b4-lr1e-3", c.id());
        assertEquals(ModelKind.MLP, c.model());
        assertArrayEquals(new int[] {32, 16}, c.hidden());
        assertEquals(Activation.HARD_SIGMOID, c.activation());
        assertEquals(LossKind.HUBER, c.loss());
        assertEquals(OptimizerKind.RMSPROP, c.optimizer());
        assertEquals(5.0, c.clipNorm());
        assertEquals(4, c.batchSize());
        assertEquals(0.001, c.schedule().rate());
    }

    @Test
    void shouldReadChoicesInAnyCaseAsTheLearnersFileDoesAndNameThemInLowerCase() {
        List<LearnerConfig> learners = Grid.parse("activation=HARD_SIGMOID,ReLU;model=Logistic");

        assertEquals(List.of("hard_sigmoid-logistic", "relu-logistic"), learners.stream().map(LearnerConfig::id).toList());
        assertEquals(Activation.HARD_SIGMOID, learners.get(0).activation());
        assertEquals(ModelKind.LOGISTIC, learners.get(1).model());
    }

    @Test
    void shouldAllowExactly256Learners() {
        assertEquals(256, Grid.parse("batch=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16;"
                + "hidden=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16").size());
    }

    @ParameterizedTest(name = "grid \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                       | empty learner grid; expected key=v1,v2,... parts separated by ';'",
        "lr=0.1;                  | grid 'lr=0.1;' has an empty part",
        "lr                       | grid part 'lr' has no '='",
        "rate=0.1                 | unknown key 'rate' in grid part 'rate=0.1'; known keys: lr, batch, optimizer, model, hidden, activation, loss, clip",
        "lr=0.1;batch=1;lr=0.2    | key 'lr' appears twice in grid 'lr=0.1;batch=1;lr=0.2'",
        "batch=                   | grid part 'batch=' lists no values; expected e.g. batch=1,32",
        "lr=0.1,,0.2              | grid part 'lr=0.1,,0.2' has an empty value",
        "lr=fast                  | grid part 'lr=fast': learning rate 'fast' is not a positive number",
        "lr=0                     | grid part 'lr=0': learning rate '0' is not a positive number",
        "lr=NaN                   | grid part 'lr=NaN': learning rate 'NaN' is not a positive number",
        "lr=1e999                 | grid part 'lr=1e999': learning rate '1e999' is not a positive number",
        "clip=-1                  | grid part 'clip=-1': gradient clip norm '-1' is not a positive number",
        "batch=0                  | grid part 'batch=0': batch size '0' is not a whole number of at least 1",
        "batch=2.5                | grid part 'batch=2.5': batch size '2.5' is not a whole number of at least 1",
        "hidden=32x               | grid part 'hidden=32x': hidden layer size (layers joined by x, e.g. 32x16) '' is not a whole number",
        "optimizer=sgd,lbfgs      | grid part 'optimizer=sgd,lbfgs': unknown optimizer 'lbfgs'; expected one of sgd, momentum, adagrad, rmsprop, adam, rls",
        "model=tree               | unknown model 'tree'; expected one of linear, logistic, mlp",
        "activation=tanh          | unknown activation 'tanh'; expected one of sigmoid, relu, hard-sigmoid, identity",
        "loss=hinge               | unknown loss 'hinge'; expected one of squared, absolute, huber, log",
        "lr=0.1,0.10              | grid part 'lr=0.1,0.10' lists lr 0.10 twice",
        "optimizer=adam,ADAM      | grid part 'optimizer=adam,ADAM' lists optimizer ADAM twice",
        "lr=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17;batch=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
                + " | makes 17 x 16 learners, more than 256; list fewer values",
    })
    void shouldExplainWhatIsWrongAndWhatIsExpected(String spec, String expectedMessagePart) {
        UserException e = assertThrows(UserException.class, () -> Grid.parse(spec));

        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }
}
