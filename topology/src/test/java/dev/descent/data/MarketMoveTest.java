package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.DefaultLearners;
import dev.descent.model.Champion;
import dev.descent.model.DriftSpec;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LinearRegression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The market move: the generator with {@code --drift abrupt:50000:1.3}, 200,000 records, the
 * default learners, each record predicted, scored and learned as the topology does it, and the
 * price served by a {@link Champion} of them (the default rule). Every linear learner that did not
 * diverge must see the move within 2,000 records; acting on it ({@code reset} or
 * {@code challenger}) must make the RMSE of recursive least squares, the learner with the slowest
 * memory, over the 20,000 records after the move at least 20% lower than only reporting it
 * ({@code none}). The served price no longer gains: the champion is the MLP, the one default learner
 * that can give the generator's markets their own slopes, and it follows the move by itself.
 */
class MarketMoveTest {
    private static final long MOVE_AT = 50_000;
    private static final int RECORDS = 200_000;
    private static final int AFTER = 20_000;

    /** What one run measured. */
    private record Outcome(double championRmseAfter, double rlsRmseAfter, List<String> lateOrMissed,
                           List<String> detections, long linearDrifts, long changesAfterMove,
                           long changesAfterWarmUp, long falseAlarms) {
    }

    private static Outcome run(long seed, DriftSpec.Action action) {
        return run(seed, action, List.of(PriceDrift.parse("abrupt:" + MOVE_AT + ":1.3")));
    }

    private static Outcome run(long seed, DriftSpec.Action action, List<PriceDrift> drift) {
        List<Learner> learners = new ArrayList<>();
        for (LearnerConfig c : DefaultLearners.all()) {
            learners.add(new Learner(c.drift().enabled() ? c.withDrift(c.drift().withAction(action)) : c, 13));
        }
        int n = learners.size();
        HouseGenerator generator = new HouseGenerator(seed, 0, drift);
        Champion champion = new Champion(n, Champion.DEFAULT_WINDOW, Champion.DEFAULT_MARGIN);
        double[] squaredErrors = new double[n];
        boolean[] healthy = new boolean[n];
        long[] firstDrift = new long[n];
        long falseAlarms = 0;
        long changesAfterMove = 0;
        long changesAfterWarmUp = 0;
        double sse = 0;
        double[] learnerSse = new double[n];
        for (int r = 0; r < RECORDS; r++) {
            GeneratedHouse house = generator.nextHouse();
            double[] x = house.features();
            double y = house.medianHouseValue();
            int served = champion.champion();
            double servedPrediction = Double.NaN;
            for (int i = 0; i < n; i++) {
                Learner l = learners.get(i);
                long before = l.drifts();
                double p = l.learn(x, y);
                if (i == served) {
                    servedPrediction = p;
                }
                squaredErrors[i] = (y - p) * (y - p);
                if (r >= MOVE_AT && r < MOVE_AT + AFTER) {
                    learnerSse[i] += squaredErrors[i];
                }
                healthy[i] = l.divergedAtRecord() < 0;
                if (l.drifts() > before) {
                    if (r < MOVE_AT) {
                        falseAlarms++;
                    } else if (firstDrift[i] == 0) {
                        firstDrift[i] = r - MOVE_AT + 1;
                    }
                }
            }
            if (champion.observe(squaredErrors, healthy)) {
                changesAfterMove += r >= MOVE_AT ? 1 : 0;
                changesAfterWarmUp += r >= 10_000 ? 1 : 0;
            }
            if (r >= MOVE_AT && r < MOVE_AT + AFTER) {
                sse += (y - servedPrediction) * (y - servedPrediction);
            }
        }
        List<String> late = new ArrayList<>();
        List<String> detections = new ArrayList<>();
        long linearDrifts = 0;
        double rlsRmseAfter = Double.NaN;
        for (int i = 0; i < n; i++) {
            Learner l = learners.get(i);
            boolean linear = l.config().model() instanceof LinearRegression;
            detections.add(String.format(Locale.ROOT, "%s %s, %d drifts, RMSE after %,.0f", l.config().id(),
                    firstDrift[i] == 0 ? "missed" : "+" + firstDrift[i], l.drifts(), Math.sqrt(learnerSse[i] / AFTER)));
            linearDrifts += linear ? l.drifts() : 0;
            if (linear && l.config().drift().enabled() && l.divergedAtRecord() < 0
                    && (firstDrift[i] == 0 || firstDrift[i] > 2_000)) {
                late.add(l.config().id() + " at +" + firstDrift[i]);
            }
            if (l.config().id().equals("linear-rls")) {
                rlsRmseAfter = Math.sqrt(learnerSse[i] / AFTER);
            }
        }
        return new Outcome(Math.sqrt(sse / AFTER), rlsRmseAfter, late, detections, linearDrifts, changesAfterMove,
                changesAfterWarmUp, falseAlarms);
    }

    /**
     * The same learners on a steady market: the champion settles and stays, and no linear learner's detector fires.
     * The MLP's may: at a constant Adam rate of 0.01 its own error wanders (from 22,700 to 25,800 and back between
     * windows of 2,000 records near record 60,000, seed 7), and that is a rise its detector rightly reports.
     */
    @Test
    void onASteadyMarketTheChampionHoldsAndNoLinearLearnersDetectorFires() {
        Outcome steady = run(7, DriftSpec.Action.RESET, List.of());
        System.out.printf(Locale.ROOT, "steady market: champion changes after the first 10,000 records %d; learners %s%n",
                steady.changesAfterWarmUp(), steady.detections());
        assertTrue(steady.changesAfterWarmUp() <= 1, steady.changesAfterWarmUp() + " changes after record 10,000");
        assertEquals(0, steady.falseAlarms(), "false alarms before record 50,000: " + steady.detections());
        assertEquals(0, steady.linearDrifts(), "no linear learner's detection in 200,000 steady records: "
                + steady.detections());
    }

    /** Seed 42 is the demo's. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 42})
    void actingOnTheMoveLowersTheErrorOfTheSlowestLearnerByAFifth(long seed) {
        Outcome none = run(seed, DriftSpec.Action.NONE);
        Outcome reset = run(seed, DriftSpec.Action.RESET);
        Outcome challenger = run(seed, DriftSpec.Action.CHALLENGER);
        for (var e : List.of(List.of("none", none), List.of("reset", reset), List.of("challenger", challenger))) {
            Outcome o = (Outcome) e.get(1);
            System.out.printf(Locale.ROOT, "market move, seed %d, action %-10s: champion RMSE over the 20,000 records after it %,.0f;"
                            + " RLS's %,.0f; detections %s; champion changes after the move %d; detections before it %d%n",
                    seed, e.get(0), o.championRmseAfter(), o.rlsRmseAfter(), o.detections(), o.changesAfterMove(),
                    o.falseAlarms());
        }
        assertEquals(List.of(), none.lateOrMissed(), "every linear learner sees the move within 2,000 records");
        assertTrue(reset.rlsRmseAfter() <= 0.8 * none.rlsRmseAfter(),
                "RLS with reset " + reset.rlsRmseAfter() + " against none " + none.rlsRmseAfter());
        assertTrue(challenger.rlsRmseAfter() <= 0.8 * none.rlsRmseAfter(),
                "RLS with challenger " + challenger.rlsRmseAfter() + " against none " + none.rlsRmseAfter());
    }
}
