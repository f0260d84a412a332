package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChampionTest {
    private static final boolean[] BOTH = {true, true};

    /** Feeds {@code n} records with squared errors a and b; returns the record (1-based) of the first change, or -1. */
    private static long feed(Champion c, int n, double a, double b, boolean[] healthy) {
        long changedAt = -1;
        for (int i = 1; i <= n; i++) {
            if (c.observe(new double[] {a, b}, healthy) && changedAt < 0) {
                changedAt = i;
            }
        }
        return changedAt;
    }

    @Test
    void theFirstLearnerServesUntilAnotherLeadsByTheMarginForAWholeWindow() {
        Champion c = new Champion(2, 100, 0.05);
        assertEquals(0, c.champion(), "before any label");
        // b's squared error is a quarter of a's: its RMSE half, far beyond 5%. Its smoothed error
        // is below a's from the first record, so the lead holds from record 1 and wins at record 100.
        assertEquals(100, feed(c, 150, 4, 1, BOTH));
        assertEquals(1, c.champion());
        assertEquals(1, c.changes());
        assertEquals(2.0, c.recentRmse(0), 1e-12);
        assertEquals(1.0, c.recentRmse(1), 1e-12);
    }

    @Test
    void anAdoptedChampionServesAtOnceWithoutAChangeAndKeepsItsHysteresis() {
        Champion c = new Champion(2, 100, 0.05);
        assertEquals(-1, feed(c, 50, 1, 4, BOTH), "a leads: no change from the first learner");
        c.adopt(1);
        assertEquals(1, c.champion());
        assertEquals(0, c.changes(), "adopting is not a change the champion made");
        assertEquals(100, feed(c, 150, 1, 4, BOTH), "a must lead for a whole window from the adoption");
        assertEquals(0, c.champion());
        assertThrows(IllegalArgumentException.class, () -> c.adopt(2));
    }

    @Test
    void theLeaderIsTheHealthyLearnerWithTheLowestRecentErrorAtOnce() {
        Champion c = new Champion(3, 100, 0.05);
        boolean[] all = {true, true, true};
        assertEquals(0, c.leader(all), "no error known yet: the champion");
        feed3(c, 1, new double[] {9, 1, 4});
        assertEquals(1, c.leader(all), "after one record: no margin or window to wait for");
        assertEquals(0, c.champion(), "while the champion itself waits for them");
        assertEquals(2, c.leader(new boolean[] {true, false, true}), "a diverged learner never leads");
    }

    @Test
    void aLeadWithinTheMarginNeverChangesTheChampion() {
        Champion c = new Champion(2, 100, 0.05);
        // RMSE 1 against 0.96: 4% better, under the 5% margin
        assertEquals(-1, feed(c, 10_000, 1, 0.96 * 0.96, BOTH));
        assertEquals(0, c.champion());
        // 6% better: beyond it
        Champion d = new Champion(2, 100, 0.05);
        assertEquals(100, feed(d, 1_000, 1, 0.94 * 0.94, BOTH));
    }

    @Test
    void aBrokenLeadStartsItsCountAgain() {
        Champion c = new Champion(2, 100, 0.05);
        assertEquals(-1, feed(c, 99, 4, 1, BOTH));
        // One record where b's error is huge: its smoothed error jumps (α = 1/100) above a's.
        c.observe(new double[] {4, 1_000}, BOTH);
        assertEquals(0, c.champion());
        long recovered = feed(c, 1_000, 4, 1, BOTH);
        assertTrue(recovered > 100, "the count starts again once b leads again, took " + recovered);
        assertEquals(1, c.champion());
    }

    @Test
    void aDivergedChampionGivesWayAtOnceToTheBestHealthyLearner() {
        Champion c = new Champion(3, 1_000, 0.05);
        feed3(c, 50, new double[] {1, 9, 4});
        assertEquals(0, c.champion());
        assertTrue(c.observe(new double[] {1, 9, 4}, new boolean[] {false, true, true}), "changed at once");
        assertEquals(2, c.champion(), "the healthy learner with the lower error, not the next in order");
        Champion restored = new Champion(3, 1_000, 0.05);
        restored.healthChanged(new boolean[] {false, true, true});
        assertEquals(1, restored.champion(), "no errors yet: the first healthy learner");
    }

    private static void feed3(Champion c, int n, double[] errors) {
        for (int i = 0; i < n; i++) {
            c.observe(errors, new boolean[] {true, true, true});
        }
    }

    @Test
    void aRecordALearnerCouldNotScoreLeavesItsErrorAsItWas() {
        Champion c = new Champion(2, 10, 0.05);
        assertEquals(10, feed(c, 20, Double.NaN, 1, BOTH), "a learner that never scored has an infinite error");
        assertEquals(1, c.champion());
        feed(c, 10, 4, Double.NaN);
        assertEquals(1.0, c.recentRmse(1), 1e-12, "b's error untouched by the records it could not score");
    }

    private static void feed(Champion c, int n, double a, double b) {
        feed(c, n, a, b, BOTH);
    }

    /**
     * Two learners as close as a stationary stream makes them (the same noise, one 2% worse):
     * over 200,000 records the champion changes at most once after the first 10,000.
     */
    @Test
    void doesNotFlapBetweenNearlyEqualLearnersOnAStationaryStream() {
        SplittableRandom random = new SplittableRandom(7);
        Champion c = new Champion(2, Champion.DEFAULT_WINDOW, Champion.DEFAULT_MARGIN);
        long late = 0;
        for (int i = 1; i <= 200_000; i++) {
            double noise = random.nextGaussian();
            double a = noise + 0.3 * random.nextGaussian();
            double b = noise + 0.3 * random.nextGaussian() + 0.02 * random.nextGaussian();
            if (c.observe(new double[] {a * a, b * b}, BOTH) && i > 10_000) {
                late++;
            }
        }
        assertTrue(late <= 1, late + " changes after the first 10,000 records");
    }

    @Test
    void stateRoundTripsAndContinuesAlike() throws IOException {
        Champion a = new Champion(2, 100, 0.05);
        feed(a, 60, 4, 1, BOTH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(bytes));
        Champion b = new Champion(2, 100, 0.05);
        b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(feed(a, 100, 4, 1, BOTH), feed(b, 100, 4, 1, BOTH), "the lead goes on counting after a restore");
        assertEquals(a.champion(), b.champion());
        assertEquals(a.changes(), b.changes());

        assertThrows(IOException.class, () -> new Champion(3, 100, 0.05)
                .readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))), "other learners");
        byte[] corrupt = bytes.toByteArray();
        corrupt[corrupt.length - 8 - 8 - 4 - 1] = 9;     // the champion index's low byte
        assertThrows(IOException.class, () -> new Champion(2, 100, 0.05)
                .readState(new DataInputStream(new ByteArrayInputStream(corrupt))));
        assertFalse(new Champion(1, 1, 0).observe(new double[] {1}, new boolean[] {true}), "a lone learner never changes");
    }
}
