package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerTraceTest {

    @Test
    void shouldSmoothTheSquaredErrorWithBiasCorrection() {
        LearnerTrace trace = new LearnerTrace(100);
        trace.add(0, 1);
        trace.add(0, 2);
        trace.add(0, 3);

        // m1 = 0.001·1 = 0.001;                m1 / (1 − 0.999)   = 1
        // m2 = 0.999·0.001 + 0.001·4 = 0.004999;     / (1 − 0.999²) = 0.004999 / 0.001999
        // m3 = 0.999·0.004999 + 0.001·9 = 0.013994001; / (1 − 0.999³) = 0.013994001 / 0.002997001
        List<double[]> curve = trace.curve(10);
        assertEquals(3, curve.size());
        assertArrayEquals(new double[] {1, 1}, curve.get(0), 1e-12);
        assertArrayEquals(new double[] {2, Math.sqrt(4999.0 / 1999)}, curve.get(1), 1e-12);
        assertArrayEquals(new double[] {3, Math.sqrt(13994001.0 / 2997001)}, curve.get(2), 1e-12);
    }

    @Test
    void shouldScoreTheSameRecordsItSmooths() {
        LearnerTrace trace = new LearnerTrace(2);
        trace.add(1, 2);     // error 1
        trace.add(5, 2);     // error −3
        trace.add(2, 4);     // error 2

        assertEquals(3, trace.score().count());
        assertEquals(Math.sqrt((1 + 9 + 4) / 3.0), trace.score().rmse(), 1e-12);
        assertEquals(2, trace.score().mae(), 1e-12);
        assertEquals(Math.sqrt((9 + 4) / 2.0), trace.score().recentRmse(), 1e-12);
    }

    @Test
    void shouldSkipNonFinitePredictions() {
        LearnerTrace trace = new LearnerTrace(100);
        trace.add(Double.NaN, 1);
        trace.add(Double.POSITIVE_INFINITY, 1);
        trace.add(1, 3);
        trace.add(Double.NEGATIVE_INFINITY, 1);

        assertEquals(1, trace.score().count());
        assertEquals(2, trace.score().rmse(), 1e-12);
        assertEquals(1L, trace.stepsToConvergence());
        List<double[]> curve = trace.curve(10);
        assertEquals(1, curve.size());
        assertArrayEquals(new double[] {1, 2}, curve.get(0), 1e-12);
    }

    @Test
    void shouldHaveNoConvergenceAndNoCurveBeforeAnyRecord() {
        LearnerTrace trace = new LearnerTrace(100);

        assertNull(trace.stepsToConvergence());
        assertTrue(trace.curve(10).isEmpty());
    }

    @Test
    void shouldConvergeAtTheFirstRecordWhenTheErrorIsConstant() {
        LearnerTrace trace = new LearnerTrace(100);
        for (int i = 0; i < 5000; i++) {
            trace.add(1, 3);
        }

        assertEquals(1L, trace.stepsToConvergence());
    }

    /**
     * Squared error 1 on records 1..3000, then 9: the last 1,000 records average 9 with no spread,
     * so the band is 5% (8.55..9.45); a window of 1,001 centred on record t holds
     * {@code 3000 − (t − 500) + 1} ones, and its average is in the band once at most 56 of its
     * records are ones (9 − 8·k/1001 ≥ 8.55 ⇔ k ≤ 56.3): t − 500 ≥ 2945, t = 3445.
     */
    @Test
    void shouldSettleHalfAWindowAfterAStepChange() {
        LearnerTrace trace = new LearnerTrace(100);
        for (int t = 1; t <= 7000; t++) {
            trace.add(0, t <= 3000 ? 1 : 3);
        }

        assertEquals(3445L, trace.stepsToConvergence());
    }

    /**
     * A learning curve under Gaussian noise, mean squared error 1 + 30·e^(−t/400). Squared Gaussian
     * errors have variance 2, so the band is 5·√(2·2/1000) ≈ 32%; the centred average
     * (≈ 1 + 1.29·30·e^(−t/400)) is within it from about record 1,900. A bare 5% band around such
     * noisy averages would be crossed by chance, typically near the end of the run.
     */
    @Test
    void shouldFindTheSettlingPointOfANoisyCurveNotTheEndOfTheRun() {
        java.util.Random random = new java.util.Random(11);
        for (int run = 0; run < 20; run++) {
            LearnerTrace trace = new LearnerTrace(100);
            for (int t = 0; t < 20_000; t++) {
                double sd = Math.sqrt(1 + 30 * Math.exp(-t / 400.0));
                trace.add(0, sd * random.nextGaussian());
            }
            long settled = trace.stepsToConvergence();
            assertTrue(settled > 1500 && settled < 3000, "run " + run + " settled at " + settled);
        }
    }

    @Test
    void shouldSpaceCurvePointsEvenlyFromTheFirstToTheLastRecord() {
        LearnerTrace trace = new LearnerTrace(100);
        for (int i = 0; i < 1001; i++) {
            trace.add(0, 2);
        }

        List<double[]> curve = trace.curve(11);
        assertEquals(11, curve.size());
        for (int j = 0; j < 11; j++) {
            assertEquals(1 + 100 * j, curve.get(j)[0]);
            assertEquals(2, curve.get(j)[1], 1e-9);
        }
        assertEquals(List.of(1.0, 1001.0), trace.curve(2).stream().map(p -> p[0]).toList());
    }

    @Test
    void shouldRoundUnevenSpacingToTheNearestRecord() {
        LearnerTrace trace = new LearnerTrace(100);
        for (int i = 0; i < 10; i++) {
            trace.add(0, 1);
        }

        // indices round(j · 9/3) = 0, 3, 6, 9 → records 1, 4, 7, 10; round(j · 9/4) = 0, 2.25, 4.5, 6.75, 9 → 0, 2, 5, 7, 9
        assertEquals(List.of(1.0, 4.0, 7.0, 10.0), trace.curve(4).stream().map(p -> p[0]).toList());
        assertEquals(List.of(1.0, 3.0, 6.0, 8.0, 10.0), trace.curve(5).stream().map(p -> p[0]).toList());
    }

    @Test
    void shouldRefuseACurveThatCannotHoldBothEnds() {
        assertThrows(IllegalArgumentException.class, () -> new LearnerTrace(100).curve(1));
    }

    /**
     * Past its capacity a trace keeps sums of ever larger blocks: 40,000 records in 1,024 slots are
     * blocks of 64. The step change above (at record 30,000 here, window 1,000) then settles within
     * a block of where the record-by-record trace says, and the curve stays within 1% of it away
     * from the block that holds the step (whose records all count at its mean).
     */
    @Test
    void shouldStayWithinABlockOfTheExactFiguresOnceItKeepsBlocks() {
        LearnerTrace exact = new LearnerTrace(100);
        LearnerTrace blocks = new LearnerTrace(100, 1024);
        java.util.Random random = new java.util.Random(5);
        for (int t = 1; t <= 40_000; t++) {
            double target = (t <= 30_000 ? 1 : 3) + 0.01 * random.nextGaussian();
            exact.add(0, target);
            blocks.add(0, target);
        }

        assertEquals(exact.stepsToConvergence(), blocks.stepsToConvergence(), 64);
        List<double[]> exactCurve = exact.curve(400);
        List<double[]> blockCurve = blocks.curve(400);
        assertEquals(exactCurve.size(), blockCurve.size());
        for (int p = 0; p < exactCurve.size(); p++) {
            double record = exactCurve.get(p)[0];
            assertEquals(record, blockCurve.get(p)[0], "point " + p);
            if (Math.abs(record - 30_000) > 64) {
                assertEquals(exactCurve.get(p)[1], blockCurve.get(p)[1], 0.01 * exactCurve.get(p)[1], "point " + p);
            }
        }
        assertEquals(exact.score().rmse(), blocks.score().rmse(), 1e-12);
    }
}
