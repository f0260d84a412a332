package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent chaos} end to end, small: a {@code run} killed twice mid-stream under
 * exactly-once, and a bad-input storm under at-least-once, each on a broker process of its own,
 * audited record by record. The full suite is {@code ./descent chaos} (docs/reliability.md).
 */
class ChaosCommandTest {

    @Test
    void killsAndAStormLoseAndRepeatNothingAndEveryBadRecordIsADeadLetter(@TempDir Path dir) {
        CliRun exactlyOnce = CliRun.of("chaos", "--scenarios", "kill-run", "--guarantees", "exactly-once",
                "--records", "6000", "--rate", "1500", "--work-dir", dir.resolve("kill").toString());
        assertEquals(0, exactlyOnce.exitCode(), exactlyOnce.out() + exactlyOnce.err());
        CliRun storm = CliRun.of("chaos", "--scenarios", "bad-input", "--guarantees", "at-least-once",
                "--records", "6000", "--rate", "1500", "--work-dir", dir.resolve("storm").toString());
        assertEquals(0, storm.exitCode(), storm.out() + storm.err());

        List<String> kill = rows(exactlyOnce.out());
        assertEquals(1, kill.size(), exactlyOnce.out());
        // sent 6,000 = good + bad; every good one predicted once, no duplicate; 120 bad (one in 50) dead-lettered
        assertTrue(kill.get(0).matches("\\| kill-run \\| exactly-once \\| 6,000 \\| 5,880 \\| 0 \\| 0 \\| [0-9,]+ / [0-9,]+ \\| yes"
                + " \\| 120 / 120 \\| pass \\| \\d+ \\|"), kill.get(0));
        List<String> bad = rows(storm.out());
        assertTrue(bad.get(0).matches("\\| bad-input \\| at-least-once \\| 6,000 \\| 4,500 \\| 0 \\| \\d+ \\| [0-9,]+ / [0-9,]+"
                + " \\| yes \\| 1,500 / 1,500 \\| pass \\| \\d+ \\|"), bad.get(0));
    }

    @Test
    void anUnknownScenarioIsRefusedInOneLine() {
        CliRun run = CliRun.of("chaos", "--scenarios", "meteor");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no scenario 'meteor'; there are kill-run, broker-restart, takeover, bad-input"), run.err());
    }

    private static List<String> rows(String out) {
        return out.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| scenario")).toList();
    }
}
