package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunCommandTest {

    @Test
    void shouldSayWhereItLookedForKafkaAndForHowLong() {
        CliRun run = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().matches("run: no Kafka broker answered at 127\\.0\\.0\\.1:1 in [0-9]+ s \\(is it running, and is"
                + " that its address\\?\\)\\n"), run.err());
    }
}
