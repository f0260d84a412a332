package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A small {@code descent bench} end to end: every row in every round, medians, latency and scrape figures (no timing asserts). */
class BenchCommandTest {
    static final Pattern TIMED = Pattern.compile("^  ([a-z0-9-]+), round (\\d): ([\\d,]+) records/s$", Pattern.MULTILINE);
    static final Pattern WARM_UP = Pattern.compile("^  ([a-z0-9-]+), warm-up: ([\\d,]+) records/s$", Pattern.MULTILINE);
    static final Pattern ROW = Pattern.compile("^(.+?)\\s{2,}([\\d,]+)\\s+([\\d.]+)\\s+(-|≥ [\\d.]+ (met|MISSED))$", Pattern.MULTILINE);

    @Test
    void measuresEveryRunAgainstThePassThroughRoundByRound() {
        CliRun run = CliRun.of("bench", "--records", "3000", "--rounds", "3", "--no-warm-up", "--latency-seconds", "2",
                "--latency-rate", "500", "--scrape-learners", "3", "--scrape-rate", "500");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(WARM_UP.matcher(run.out()).find() || run.out().contains("after a warm-up round"), run.out());
        List<String> apps = List.of("pass-through", "one-alo", "grid-alo", "grid-alo-no-drift", "grid-alo-1s", "one-eos", "grid-eos", "grid-alo-metrics",
                "defaults-alo", "replay", "grid-p1", "grid-p4-t2", "grid-p4-i2", "grid-keyed-p4-t2", "grid-keys-alone-p4-t2",
                "grid-eos-listings");
        double[][] rates = new double[apps.size()][3];
        Matcher timed = TIMED.matcher(run.out());
        int timings = 0;
        while (timed.find()) {
            int round = Integer.parseInt(timed.group(2));
            rates[apps.indexOf(timed.group(1))][round - 1] = Double.parseDouble(timed.group(3).replace(",", ""));
            timings++;
        }
        assertEquals(apps.size() * 3, timings, run.out());

        Matcher m = ROW.matcher(run.out());
        int rows = 0;
        while (m.find()) {
            double rate = Double.parseDouble(m.group(2).replace(",", ""));
            double ratio = Double.parseDouble(m.group(3));
            double[] ratios = new double[3];
            for (int r = 0; r < 3; r++) {
                assertTrue(rates[rows][r] > 0, apps.get(rows) + " in round " + (r + 1));
                ratios[r] = rates[rows][r] / rates[0][r];
            }
            assertEquals(median(rates[rows]), rate, 1, "median rate of " + m.group(1));
            assertEquals(median(ratios), ratio, 0.006, "median ratio of " + m.group(1));
            if (rows == 0) {
                assertTrue(m.group(1).startsWith("pass-through"), m.group());
                assertEquals(1.0, ratio);
            }
            rows++;
        }
        assertEquals(apps.size(), rows, run.out());
        assertTrue(run.out().matches("(?s).*\\n8 default learners \\(with MLP and RLS\\), at-least-once\\s+[\\d,]+\\s+[\\d.]+\\s+-\\n.*"),
                "the default learners are reported without a target: " + run.out());
        assertTrue(run.out().contains("loaded 3,000 records"), run.out());
        assertTrue(run.out().matches("(?s).*grid-p4-t2, round 3: app CPU [\\d.]+ µs per record.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\ngrid-p4-i2 over 1 partition: throughput [\\d.]+ \\(target ≥ 1\\.4\\), app CPU per"
                + " record [\\d.]+ \\(target ≤ 1\\.25\\)\\n.*"), run.out());
        assertTrue(run.out().contains("medians of 3 rounds"), run.out());
        double onOverOff = median(new double[] {rates[2][0] / rates[3][0], rates[2][1] / rates[3][1], rates[2][2] / rates[3][2]});
        Matcher overhead = Pattern.compile("\ndrift detectors on over off \\(8-learner grid, at-least-once\\): ([\\d.]+),"
                + " median of 3 rounds \\(target ≥ 0\\.95\\)\n").matcher(run.out());
        assertTrue(overhead.find(), run.out());
        assertEquals(onOverOff, Double.parseDouble(overhead.group(1)), 0.002, "the rounds' rates, rounded as printed");
        assertTrue(run.out().matches("(?s).*grid-keyed-p4-t2, round 3: app CPU [\\d.]+ µs per record; 52 keys, [\\d,]+"
                + " bytes of learners per key as stored\n.*"), run.out());
        for (String keyed : List.of("grid-keyed-p4-t2", "grid-keys-alone-p4-t2")) {
            assertTrue(run.out().matches("(?s).*\\n" + keyed + " over 1 partition without keys: throughput [\\d.]+ \\(target"
                    + " ≥ 1\\.2\\), app CPU per record [\\d.]+\\n.*"), run.out());
        }
        int listed = apps.indexOf("grid-eos-listings");
        double listedOverImmediate = median(new double[] {rates[listed][0] / rates[6][0], rates[listed][1] / rates[6][1],
                rates[listed][2] / rates[6][2]});
        Matcher listings = Pattern.compile("\nlistings over immediate labels \\(8-learner grid, exactly-once, records/s\\):"
                + " ([\\d.]+), median of 3 rounds \\(target ≥ 0\\.8\\); per house ([\\d.]+)\n").matcher(run.out());
        assertTrue(listings.find(), run.out());
        assertEquals(listedOverImmediate, Double.parseDouble(listings.group(1)), 0.006);
        assertTrue(run.out().contains("loaded the same 3,000 houses as "), run.out());
        Matcher memory = Pattern.compile("\nlistings in a JVM of its own \\(-Xmx256m\\): [\\d,]+ records/s, peak RSS"
                + " ([\\d,]+) MB \\(target ≤ 512 MB\\); ([\\d,]+) listings pending after the run; restore: a new instance"
                + " [\\d.]+ s, a restarted one [\\d.]+ s\n").matcher(run.out());
        assertTrue(memory.find(), run.out());
        assertTrue(Long.parseLong(memory.group(1).replace(",", "")) > 0, "an RSS was sampled");
        assertTrue(Long.parseLong(memory.group(2).replace(",", "")) > 0, "the unpriced houses stay pending");
        assertTrue(run.out().matches("(?s).*grid-alo-metrics, round 3: \\d+ scrapes of [\\d.]+ ms CPU each, [\\d.]+% of"
                + " the machine's CPU time.*"), run.out());
        assertTrue(run.out().matches("(?s).*GET /metrics with 3 learners, app learning from a live stream of 500 records/s"
                + " \\([\\d,]+ bytes\\): median [\\d.]+ ms.*"), run.out());
        assertTrue(run.out().matches("(?s).*GET /metrics with 3 learners, app learning from catching up on the loaded topic"
                + " \\([\\d,]+ bytes\\): median [\\d.]+ ms.*"), run.out());
        assertTrue(run.out().toLowerCase(Locale.ROOT).matches("(?s).*latency at 500 records/s .* p50 \\d+ ms, p99 \\d+ ms.*"),
                run.out());
    }

    @Test
    void onlyTimesThePassThroughAndTheRowsNamingTheTextAfterAnUncountedWarmUp() {
        CliRun run = CliRun.of("bench", "--records", "3000", "--rounds", "2", "--only", "replay", "--latency-seconds", "0",
                "--scrape-learners", "0");
        assertEquals(0, run.exitCode(), run.err());
        List<String> timed = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        Matcher m = TIMED.matcher(run.out());
        while (m.find()) {
            timed.add(m.group(1) + " " + m.group(2));
            rates.add(Double.parseDouble(m.group(3).replace(",", "")));
        }
        assertEquals(List.of("pass-through 1", "replay 1", "pass-through 2", "replay 2"), timed, run.out());
        List<String> warmUp = new ArrayList<>();
        Matcher w = WARM_UP.matcher(run.out());
        while (w.find()) {
            warmUp.add(w.group(1));
            assertTrue(w.start() < run.out().indexOf("  pass-through, round 1"), "the warm-up comes first: " + run.out());
        }
        assertEquals(List.of("pass-through", "replay"), warmUp, run.out());
        assertTrue(run.out().contains("medians of 2 rounds after a warm-up round"), run.out());
        List<String> rows = new ArrayList<>();
        double replayRatio = Double.NaN;
        Matcher row = ROW.matcher(run.out());
        while (row.find()) {
            rows.add(row.group(1));
            replayRatio = Double.parseDouble(row.group(3));
        }
        assertEquals(List.of("pass-through, at-least-once", "replay, 8-learner grid, exactly-once (set-up, run and report)"),
                rows, run.out());
        assertEquals((rates.get(1) / rates.get(0) + rates.get(3) / rates.get(2)) / 2, replayRatio, 0.006,
                "the median of the two rounds' ratios, the warm-up's left out");
        assertFalse(run.out().contains("GET /metrics") || run.out().contains("latency at"), run.out());
    }

    @Test
    void refusesAnOnlyThatMatchesNoRowButThePassThrough() {
        CliRun run = CliRun.of("bench", "--only", "pass-through");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--only 'pass-through' matches none of the rows the pass-through is timed against:"
                + " 1 learner, at-least-once; 8-learner grid, at-least-once;"), run.err());
        assertFalse(run.out().contains("loaded"), "nothing is loaded: " + run.out());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void refusesTooFewRecords() {
        CliRun run = CliRun.of("bench", "--records", "10");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--records must be at least 1000"), run.err());
    }

    @Test
    void refusesNoRounds() {
        CliRun run = CliRun.of("bench", "--rounds", "0");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--rounds must be at least 1"), run.err());
    }
}
