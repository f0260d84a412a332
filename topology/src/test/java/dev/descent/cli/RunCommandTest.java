package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;

class RunCommandTest {

    @Test
    void aLearnerThatCannotBeMergedIsRefusedOnSeveralPartitionsInOneLine(@TempDir Path dir) throws Exception {
        Path learners = Files.writeString(dir.resolve("learners.json"),
                "[{\"id\": \"rls-forgetting\", \"optimizer\": \"rls\", \"forgetting\": 0.99, \"learningRate\": 1}]");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopic("houses", 3, Map.of());
            CliRun run = CliRun.of("run", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0",
                    "--learners", learners.toString());

            assertEquals(1, run.exitCode(), run.err());
            assertEquals("run: learner 'rls-forgetting' cannot learn from 3 partitions: recursive least squares with"
                    + " forgetting 0.99 weighs records by their order, which replicas on different partitions do not"
                    + " share; use forgetting 1 or a single partition\n", run.err());
        }
    }

    /**
     * Descent's stores live in memory and come back from their changelogs, so Kafka Streams writes
     * nothing to local disk (CleanRestartTest checks it): no command offers a directory for it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "replay"})
    void noCommandOffersADirectoryForLocalState(String command) {
        CommandSpec spec = DescentCommand.commandLine().getSubcommands().get(command).getCommandSpec();

        assertNull(spec.findOption("--state-dir"), command);
    }

    @Test
    void shouldSayWhereItLookedForKafkaAndForHowLong() {
        CliRun run = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().matches("run: no Kafka broker answered at 127\\.0\\.0\\.1:1 in [0-9]+ s \\(is it running, and is"
                + " that its address\\?\\)\\n"), run.err());
    }
}
