package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.bench.RatioTable.Result;
import dev.descent.bench.RatioTable.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's table from made-up timings: the order of the runs, the medians, the targets. */
class RatioTableTest {

    /** A row whose round {@code r} takes {@code rates[r - 1]} records/s, noting each run in {@code runs}. */
    private static Row row(String name, double target, List<String> runs, double... rates) {
        return new Row(name, target, round -> {
            runs.add(name + round);
            return rates[round - 1];
        });
    }

    @Test
    void runsEveryAppOncePerRoundRoundByRound() throws Exception {
        List<String> runs = new ArrayList<>();
        RatioTable.measure(List.of(row("base", 0, runs, 1, 1, 1), row("app", 0.5, runs, 1, 1, 1)), 3, false);
        assertEquals(List.of("base1", "app1", "base2", "app2", "base3", "app3"), runs);
    }

    @Test
    void aWarmUpRoundRunsEveryAppFirstAndIsNotCounted() throws Exception {
        List<String> runs = new ArrayList<>();
        List<Result> results = RatioTable.measure(List.of(
                new Row("base", 0, round -> {
                    runs.add("base" + round);
                    return round == RatioTable.WARM_UP ? 1 : 100;
                }),
                new Row("app", 0, round -> {
                    runs.add("app" + round);
                    return round == RatioTable.WARM_UP ? 1_000 : 50;
                })), 2, true);
        assertEquals(List.of("base0", "app0", "base1", "app1", "base2", "app2"), runs);
        assertEquals(50, results.get(1).recordsPerSecond());
        assertEquals(0.5, results.get(1).ratio(), 1e-12, "the warm-up's ratio of 1,000 is not among the rounds'");
    }

    @Test
    void takesTheMedianOfThePerRoundRatiosNotTheRatioOfTheMedians() throws Exception {
        List<String> runs = new ArrayList<>();
        List<Result> results = RatioTable.measure(List.of(
                row("base", 0, runs, 100, 300, 200),
                row("app", 0.7, runs, 80, 120, 150)), 3, false);
        Result base = results.get(0);
        assertEquals(200, base.recordsPerSecond());
        assertEquals(1.0, base.ratio());
        Result app = results.get(1);
        assertEquals("app", app.name());
        assertEquals(120, app.recordsPerSecond(), "median rate");
        // Ratios 0.8, 0.4, 0.75 by round; the ratio of the medians would be 120 / 200 = 0.6.
        assertEquals(0.75, app.ratio(), 1e-12);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() throws Exception {
        List<Result> results = RatioTable.measure(List.of(
                row("base", 0, new ArrayList<>(), 100, 100, 100, 100),
                row("app", 0, new ArrayList<>(), 10, 40, 60, 90)), 4, false);
        assertEquals(50, results.get(1).recordsPerSecond());
        assertEquals(0.5, results.get(1).ratio(), 1e-12);
    }

    @Test
    void onlyKeepsTheBaselineAndTheRowsNamingTheTextIgnoringCaseInTheirOrder() throws Exception {
        List<String> runs = new ArrayList<>();
        List<Row> rows = List.of(row("pass-through", 0, runs, 100), row("grid, at-least-once", 0.5, runs, 60),
                row("one, exactly-once", 0.5, runs, 70), row("Replay, grid", 0.5, runs, 50));
        List<Result> results = RatioTable.measure(RatioTable.only(rows, "GRID"), 1, false);
        assertEquals(List.of("pass-through1", "grid, at-least-once1", "Replay, grid1"), runs);
        assertEquals(List.of("pass-through", "grid, at-least-once", "Replay, grid"),
                results.stream().map(Result::name).toList());
        assertEquals(0.5, results.get(2).ratio(), 1e-12);
        assertEquals(List.of(rows.get(0)), RatioTable.only(rows, "pass-through"), "the baseline is never matched twice");
    }

    @Test
    void aTargetIsMetFromItsShareOfTheBaselineOn() throws Exception {
        List<Result> results = RatioTable.measure(List.of(
                row("base", 0, new ArrayList<>(), 100),
                row("exactly", 0.5, new ArrayList<>(), 50),
                row("short", 0.5, new ArrayList<>(), 49),
                row("untargeted", 0, new ArrayList<>(), 10)), 1, false);
        assertFalse(results.get(0).hasTarget());
        assertTrue(results.get(1).hasTarget());
        assertTrue(results.get(1).targetMet());
        assertFalse(results.get(2).targetMet());
        assertFalse(results.get(3).hasTarget());
    }
}
