package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A learner watching its own error: detections on a market move, and what each action does about
 * it, on a linear stream whose prices all rise 30% at record {@value #SHIFT_AT}.
 */
class LearnerDriftTest {
    static final int SHIFT_AT = 20_000;
    static final int AFTER = 5_000;

    /** {@code y = 300 + 40·x0 − 20·x1 + 10·x2 + ε}, ε ~ N(0, 10²), all of it × 1.3 from the shift on. */
    private static final class Stream {
        private final SplittableRandom random;
        private long n;

        Stream(long seed) {
            random = new SplittableRandom(seed);
        }

        double[] x = new double[3];

        double next() {
            for (int j = 0; j < 3; j++) {
                x[j] = random.nextGaussian();
            }
            double y = 300 + 40 * x[0] - 20 * x[1] + 10 * x[2] + 10 * random.nextGaussian();
            return n++ < SHIFT_AT ? y : 1.3 * y;
        }
    }

    /** The RMSE over the {@value #AFTER} records after the shift, and where drifts were seen. */
    private record Run(double rmseAfter, long firstDriftAfterShift, long driftsBefore, Learner learner) {
    }

    private static Run run(LearnerConfig config) {
        Learner learner = new Learner(config, 3);
        Stream stream = new Stream(11);
        double sse = 0;
        long driftsBefore = 0;
        long firstAfter = -1;
        for (int i = 0; i < SHIFT_AT + AFTER; i++) {
            double y = stream.next();
            double p = learner.learn(stream.x.clone(), y);
            if (i == SHIFT_AT - 1) {
                driftsBefore = learner.drifts();
            }
            if (i >= SHIFT_AT) {
                sse += (y - p) * (y - p);
                if (firstAfter < 0 && learner.drifts() > driftsBefore) {
                    firstAfter = i - SHIFT_AT + 1;
                }
            }
        }
        return new Run(Math.sqrt(sse / AFTER), firstAfter, driftsBefore, learner);
    }

    private static LearnerConfig rls(DriftSpec.Action action) {
        return LearnerConfig.builder("rls").optimizer(new RecursiveLeastSquares()).learningRate(1)
                .drift(DriftSpec.DEFAULT.withAction(action)).build();
    }

    @Test
    void everyDetectorSeesTheMoveSoonAndNothingBeforeIt() {
        for (String detector : List.of(DriftSpec.ADWIN, DriftSpec.PAGE_HINKLEY)) {
            Run run = run(LearnerConfig.builder("nlms").learningRate(0.01).normalized(true)
                    .drift(new DriftSpec(detector, Double.NaN, Double.NaN, DriftSpec.Action.NONE)).build());
            assertEquals(0, run.driftsBefore(), detector + ": no false alarm on the stationary part");
            assertTrue(run.firstDriftAfterShift() > 0 && run.firstDriftAfterShift() <= 500,
                    detector + " detected the move " + run.firstDriftAfterShift() + " records after it");
            assertEquals(SHIFT_AT + run.firstDriftAfterShift(), run.learner().lastDriftRecord());
        }
        Run off = run(LearnerConfig.builder("off").drift(DriftSpec.OFF).build());
        assertEquals(-1, off.firstDriftAfterShift(), "no detector, no drift");
        assertEquals(-1, off.learner().lastDriftRecord());
    }

    /** RLS without forgetting weighs its 20,000th record 1/20,000: a reset re-inflates its covariance. */
    @Test
    void resetLetsRecursiveLeastSquaresLearnTheNewMarketFast() {
        Run none = run(rls(DriftSpec.Action.NONE));
        Run reset = run(rls(DriftSpec.Action.RESET));
        assertTrue(reset.rmseAfter() < 0.8 * none.rmseAfter(),
                "RMSE after the move: reset " + reset.rmseAfter() + ", none " + none.rmseAfter());
        assertEquals(SHIFT_AT + AFTER, reset.learner().records(), "the counters go on");
    }

    @Test
    void aChallengerTakesOverWhenItIsBetterAndTheCountersGoOn() {
        Run none = run(rls(DriftSpec.Action.NONE));
        Run challenged = run(rls(DriftSpec.Action.CHALLENGER));
        assertTrue(challenged.learner().promotions() >= 1, "the fresh copy was promoted");
        assertTrue(challenged.rmseAfter() < 0.8 * none.rmseAfter(),
                "RMSE after the move: challenger " + challenged.rmseAfter() + ", none " + none.rmseAfter());
        assertEquals(SHIFT_AT + AFTER, challenged.learner().records(), "records learned, not the challenger's");
        assertFalse(challenged.learner().challenged(), "no challenger left once promoted");
    }

    @Test
    void forgetLengthensTheStepsForAWhile() {
        LearnerConfig.Builder sgd = LearnerConfig.builder("sgd").learningRate(1e-4);
        Run none = run(sgd.drift(DriftSpec.DEFAULT).build());
        Run forget = run(sgd.drift(DriftSpec.DEFAULT.withAction(DriftSpec.Action.FORGET)).build());
        assertTrue(forget.rmseAfter() < 0.8 * none.rmseAfter(),
                "RMSE after the move: forget " + forget.rmseAfter() + ", none " + none.rmseAfter());
    }

    /** A snapshot taken while a challenger learns goes on exactly like the learner it was taken from. */
    @Test
    void aSnapshotMidChallengeContinuesBitForBit() {
        Learner original = new Learner(rls(DriftSpec.Action.CHALLENGER), 3);
        Stream stream = new Stream(5);
        int i = 0;
        while (!original.challenged()) {
            double y = stream.next();
            original.learn(stream.x.clone(), y);
            assertTrue(++i < SHIFT_AT + AFTER, "a challenger starts after the move");
        }
        Learner copy = LearnerCodec.decode(LearnerCodec.encode(original));
        assertTrue(copy.challenged());
        for (int k = 0; k < 3_000; k++) {
            double y = stream.next();
            assertEquals(Double.doubleToLongBits(original.learn(stream.x.clone(), y)),
                    Double.doubleToLongBits(copy.learn(stream.x.clone(), y)), "record " + k);
        }
        assertArrayEquals(original.parameters(), copy.parameters());
        assertEquals(original.drifts(), copy.drifts());
        assertEquals(original.promotions(), copy.promotions());
        assertEquals(original.challenged(), copy.challenged());
    }

    @Test
    void impossibleDriftSettingsAreExplained() {
        assertEquals(List.of("drift detector must be one of [none, adwin, page-hinkley], got 'cusum'"),
                LearnerConfig.builder("a").drift(new DriftSpec("cusum", Double.NaN, Double.NaN, DriftSpec.Action.NONE))
                        .build().problems(3));
        assertTrue(rls(DriftSpec.Action.FORGET).problems(3).get(0).contains("use reset"));
        assertTrue(LearnerConfig.builder("a").drift(new DriftSpec(DriftSpec.ADWIN, 2, 5, DriftSpec.Action.NONE)).build()
                .problems(3).containsAll(List.of("ADWIN's delta is a confidence in (0, 1), got 2.0",
                        "drift threshold is a setting of page-hinkley, not of adwin")));
        assertEquals(List.of("drift action reset needs a detector (adwin or page-hinkley)"),
                LearnerConfig.builder("a").drift(DriftSpec.OFF.withAction(DriftSpec.Action.RESET)).build().problems(3));
        assertTrue(rls(DriftSpec.Action.NONE).mergeProblems().isEmpty(), "reporting works on several partitions");
        assertTrue(rls(DriftSpec.Action.RESET).mergeProblems().get(0).contains("one partition only"));
    }
}
