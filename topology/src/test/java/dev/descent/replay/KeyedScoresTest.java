package dev.descent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.descent.evaluate.KeyedComparison;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.PredictionDoubles.KeyedPrediction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keyed section's figures on a handful of records worked by hand. */
class KeyedScoresTest {
    private static final List<LearnerConfig> LEARNERS = List.of(LearnerConfig.builder("a").build(),
            LearnerConfig.builder("b").build());

    private static KeyedPrediction record(double label, String key, double[] own, double[] global, boolean byGlobal,
                                          int served) {
        return new KeyedPrediction(label, key, own, global, byGlobal, served);
    }

    /**
     * Errors (label − prediction) per learner a, b:
     * <pre>
     * x  own ( 2,  0)  global ( 1, -4)  served own a:     2
     * x  own ( 0, ∞ )  global ( 2,  0)  served global b:  0
     * y  own ( 1,  0)  global ( 0, -4)  served own b:     0
     * –               global ( 0, -3)  served global a:  0
     * </pre>
     */
    private static KeyedScores scored() {
        KeyedScores scores = new KeyedScores(LEARNERS);
        scores.add(record(10, "x", new double[] {8, 10}, new double[] {9, 14}, false, 0));
        scores.add(record(20, "x", new double[] {20, Double.NaN}, new double[] {18, 20}, true, 1));
        scores.add(record(5, "y", new double[] {4, 5}, new double[] {5, 9}, false, 1));
        scores.add(record(7, null, null, new double[] {7, 10}, true, 0));
        return scores;
    }

    @Test
    void shouldScoreEachKeysBestLearnerTheGlobalLearnerAndThePricesServedOnTheKeysRecords() {
        KeyedComparison comparison = scored().comparison("zip", "a");

        assertEquals("zip", comparison.field());
        KeyedComparison.KeyRow x = comparison.keys().get(0);
        assertEquals(new KeyedComparison.KeyRow("x", 2, "a", Math.sqrt(2), Math.sqrt(2.5), Math.sqrt(2)), x,
                "b predicted one of x's records as NaN: it cannot be x's best");
        assertEquals(new KeyedComparison.KeyRow("y", 1, "b", 0.0, 0.0, 0.0), comparison.keys().get(1));
        KeyedComparison.Summary all = comparison.all();
        assertEquals(4, all.records());
        assertEquals(1, all.unkeyedRecords());
        assertEquals(4, all.globalRecords());
        assertEquals("a", all.keyedBest());
        assertEquals(Math.sqrt(5.0 / 3), all.keyedBestRmse(), 1e-15, "over the 3 records with a key");
        assertEquals(1.0, all.servedRmse(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 4), all.globalRmse(), 1e-15);
        assertEquals(1 / Math.sqrt(1.25) - 1, all.servedVsGlobal(), 1e-15);
    }

    @Test
    void shouldListTheBusiestKeyFirstAndCompareWithNoGlobalLearnerWhenThereIsNone() {
        KeyedComparison comparison = scored().comparison("zip", null);

        assertEquals(List.of("x", "y"), comparison.keys().stream().map(KeyedComparison.KeyRow::key).toList());
        assertNull(comparison.keys().get(0).globalRmse());
        assertNull(comparison.all().globalRmse());
        assertNull(comparison.all().servedVsGlobal());
        assertEquals(1.0, comparison.all().servedRmse(), 1e-15, "the prices served are scored all the same");
    }

    @Test
    void shouldHaveNoGlobalFiguresForKeysTheGlobalLearnersDidNotPredict() {
        KeyedScores keysAlone = new KeyedScores(LEARNERS);
        keysAlone.add(record(10, "x", new double[] {8, 10}, null, false, 1));
        keysAlone.add(record(7, null, null, new double[] {7, 10}, true, 0));

        KeyedComparison comparison = keysAlone.comparison("zip", "a");
        assertNull(comparison.keys().get(0).globalRmse());
        assertEquals("b", comparison.keys().get(0).bestLearner());
        assertEquals(1, comparison.all().globalRecords());
        assertNull(comparison.all().globalRmse(), "the global learner predicted 1 of the 2 records: no comparison");
        assertNull(comparison.all().servedVsGlobal());
    }
}
