package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Predictions 1, 2, 4, 0 against labels 2, 2, 3, 5: errors 1, 0, -1, 5, squared 1, 0, 1, 25.
 * SSE = 27, RMSE = √(27/4), MAE = 7/4; labels have mean 3 and SST = 1 + 1 + 0 + 4 = 6,
 * so R² = 1 - 27/6 = -3.5.
 */
class PrequentialScoreTest {
    private static final double[] PREDICTIONS = {1, 2, 4, 0};
    private static final double[] LABELS = {2, 2, 3, 5};

    private static PrequentialScore scored(int window) {
        PrequentialScore score = new PrequentialScore(window);
        for (int i = 0; i < PREDICTIONS.length; i++) {
            score.add(PREDICTIONS[i], LABELS[i]);
        }
        return score;
    }

    @Test
    void shouldComputeRmseMaeAndRSquaredAgainstHandNumbers() {
        PrequentialScore score = scored(10);
        assertEquals(4, score.count());
        assertEquals(Math.sqrt(6.75), score.rmse(), 1e-15);
        assertEquals(1.75, score.mae(), 1e-15);
        assertEquals(-3.5, score.r2(), 1e-15);
        assertEquals(Math.sqrt(6.75), score.recentRmse(), 1e-15, "fewer records than the window: all of them");
        assertEquals(10, score.window());
    }

    @Test
    void shouldComputeRecentRmseOverTheLastWindowOnly() {
        assertEquals(Math.sqrt((1 + 25) / 2.0), scored(2).recentRmse(), 1e-15);
        assertEquals(Math.sqrt((0 + 1 + 25) / 3.0), scored(3).recentRmse(), 1e-15);
        assertEquals(5, scored(1).recentRmse(), 1e-15);
    }

    @Test
    void shouldGiveRSquaredOneForPerfectPredictions() {
        PrequentialScore score = new PrequentialScore(5);
        for (double y : new double[] {1, 4, 2, 8}) {
            score.add(y, y);
        }
        assertEquals(1, score.r2(), 0.0);
        assertEquals(0, score.rmse(), 0.0);
    }

    @Test
    void shouldBeNaNWithoutRecordsAndRejectAnEmptyWindow() {
        PrequentialScore score = new PrequentialScore(3);
        assertTrue(Double.isNaN(score.rmse()));
        assertTrue(Double.isNaN(score.mae()));
        assertTrue(Double.isNaN(score.r2()));
        assertTrue(Double.isNaN(score.recentRmse()));
        score.add(1, 2);
        assertTrue(Double.isNaN(score.r2()), "one label has no spread");
        assertThrows(IllegalArgumentException.class, () -> new PrequentialScore(0));
    }
}
