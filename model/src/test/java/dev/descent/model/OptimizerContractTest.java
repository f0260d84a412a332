package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer learns the noiseless target y = 3x1 - 2x2 + 1 with x1 ~ N(1, 2²), x2 ~ N(-3, 0.5²)
 * (label standard deviation √(9·4 + 4·0.25) = √37 ≈ 6.1) under the default standardization.
 */
class OptimizerContractTest {
    private static final int RECORDS = 5000;
    private static final int WINDOW = 500;
    /** About 2.5% of the label's standard deviation. */
    private static final double RECENT_RMSE_THRESHOLD = 0.15;

    static Stream<Arguments> optimizers() {
        return 
                Components.OPTIMIZERS.stream().map(kind -> Arguments.of(kind, switch (kind.kind()) {
                    case "adagrad" -> 0.5;
                    case "rls" -> 1.0;
                    default -> 0.01;
                }));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("optimizers")
    void shouldLearnANoiselessLinearTargetWithEveryOptimizer(OptimizerSpec kind, double rate) {
        Learner learner = new Learner(LearnerConfig.builder(kind.kind()).optimizer(kind).learningRate(rate).build(), 2);
        PrequentialScore score = new PrequentialScore(WINDOW);
        Random random = new Random(7);
        for (int i = 0; i < RECORDS; i++) {
            double[] x = {1 + 2 * random.nextGaussian(), -3 + 0.5 * random.nextGaussian()};
            double y = target(x);
            score.add(learner.learn(x, y), y);
        }
        assertEquals(RECORDS, score.count());
        assertTrue(score.recentRmse() < RECENT_RMSE_THRESHOLD,
                kind + ": prequential RMSE of the last " + WINDOW + " records " + score.recentRmse());
        assertTrue(score.recentRmse() < score.rmse(), kind + " should be better at the end than on average");
        assertNotEquals(Learner.Status.DIVERGED, learner.status());
        assertEquals(RECORDS, learner.steps());
        double[] probe = {2, -2.5};
        assertEquals(target(probe), learner.predict(probe), 0.3, kind + " at a fresh point");
    }

    private static double target(double[] x) {
        return 3 * x[0] - 2 * x[1] + 1;
    }
}
