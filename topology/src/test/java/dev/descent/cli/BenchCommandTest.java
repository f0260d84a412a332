package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A small {@code descent bench} end to end: every row, consistent ratios, latency and scrape figures (no timing asserts). */
class BenchCommandTest {
    static final Pattern ROW = Pattern.compile("^(.+?)\\s{2,}([\\d,]+)\\s+([\\d.]+)\\s+(-|≥ [\\d.]+ (met|MISSED))$", Pattern.MULTILINE);

    @Test
    void measuresEveryRunAgainstThePassThrough() {
        CliRun run = CliRun.of("bench", "--records", "3000", "--latency-seconds", "2", "--latency-rate", "500",
                "--scrape-learners", "3", "--scrape-rate", "500");
        assertEquals(0, run.exitCode(), run.err());
        Matcher m = ROW.matcher(run.out());
        double base = 0;
        int rows = 0;
        while (m.find()) {
            double rate = Double.parseDouble(m.group(2).replace(",", ""));
            double ratio = Double.parseDouble(m.group(3));
            assertTrue(rate > 0, m.group());
            if (rows == 0) {
                assertTrue(m.group(1).startsWith("pass-through"), m.group());
                base = rate;
                assertEquals(1.0, ratio);
            } else {
                assertEquals(rate / base, ratio, 0.006, "ratio of " + m.group(1));
            }
            rows++;
        }
        assertEquals(7, rows, run.out());
        assertTrue(run.out().contains("loaded 3,000 records"), run.out());
        assertTrue(run.out().matches("(?s).*eight-alo-metrics: \\d+ scrapes of [\\d.]+ ms CPU each, [\\d.]+% of the machine's"
                + " CPU time.*"), run.out());
        assertTrue(run.out().matches("(?s).*GET /metrics with 3 learners, app learning from a live stream of 500 records/s"
                + " \\([\\d,]+ bytes\\): median [\\d.]+ ms.*"), run.out());
        assertTrue(run.out().matches("(?s).*GET /metrics with 3 learners, app learning from catching up on the loaded topic"
                + " \\([\\d,]+ bytes\\): median [\\d.]+ ms.*"), run.out());
        assertTrue(run.out().toLowerCase(Locale.ROOT).matches("(?s).*latency at 500 records/s .* p50 \\d+ ms, p99 \\d+ ms.*"),
                run.out());
    }

    @Test
    void refusesTooFewRecords() {
        CliRun run = CliRun.of("bench", "--records", "10");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--records must be at least 1000"), run.err());
    }
}
