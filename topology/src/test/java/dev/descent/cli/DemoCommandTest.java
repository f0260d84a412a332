package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    /** Said in one line before Kafka tries to bind: a broker that fails to bind logs pages of stack traces. */
    @Test
    void shouldSayInOneLineThatItsKafkaPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun run = CliRun.of("demo", "--port", Integer.toString(port), "--http-port", "0", "--records", "10");

            assertEquals(1, run.exitCode());
            assertEquals("demo: cannot start Kafka: port " + port + " on 127.0.0.1 is in use; free it, or take any free"
                    + " port with --port 0\n", run.err());
            CliRun broker = CliRun.of("broker", "--port", Integer.toString(port));
            assertEquals(1, broker.exitCode());
            assertEquals("broker: cannot start the broker: port " + port + " on 127.0.0.1 is in use; free it, or choose"
                    + " another --port\n", broker.err());
        }
    }

    /** Both said before the broker starts. */
    @Test
    void shouldRefuseDriftOnACsvFileAndSayWhatIsWrongWithADrift() {
        CliRun csv = CliRun.of("demo", "--port", "0", "--http-port", "0", "--csv", "houses.csv", "--drift", "abrupt:10:1.3");
        assertEquals(1, csv.exitCode());
        assertEquals("demo: --drift moves the prices of generated houses, not the rows of --csv\n", csv.err());

        CliRun region = CliRun.of("demo", "--port", "0", "--http-port", "0", "--drift", "region:MARS:0:0.5");
        assertEquals(1, region.exitCode());
        assertEquals("demo: --drift 'region:MARS:0:0.5': NAME must be one of <1H OCEAN, INLAND, ISLAND, NEAR BAY,"
                + " NEAR OCEAN (any case), got 'MARS'\n", region.err());
    }

    /**
     * With model keys the validate task counts a record in before the learn task has it from the
     * repartition topic: the demo must still end only once every house is learned. The global
     * learners learn every keyed house (fallback and warm start are on), so each has all of them.
     */
    @Test
    void aKeyedDemoEndsOnceEveryHouseIsLearned() {
        CliRun run = CliRun.of("demo", "--port", "0", "--http-port", "0", "--records", "3000", "--rate", "0",
                "--unlabeled-fraction", "0", "--model-key", "ocean_proximity", "--progress-every", "1", "--linger", "0");

        assertEquals(0, run.exitCode(), run.err());
        String last = run.out().substring(run.out().lastIndexOf("s] "));
        assertTrue(Pattern.compile("linear-rls\\s+records\\s+3,000\\s").matcher(last).find(), last);
        assertTrue(run.out().contains("keyed: best "), run.out());
    }
}
