package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
     * A cluster Descent did not start is its owner's to configure: the topics {@code run} creates
     * there get the cluster's retention, a topic that exists keeps its own, and one line says what
     * they keep and what Descent's own broker would.
     */
    @Test
    void onAnExistingClusterTheRetentionIsLeftAsItIsAndSaid() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopic("houses", 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000"));
            StringWriter out = new StringWriter();

            RunCommand.prepareTopics(kafka.bootstrapServers(), Map.of(), Topics.defaults(), new PrintWriter(out, true));

            assertEquals("retention on " + kafka.bootstrapServers() + ", left as it is: houses 1 h and no size limit;"
                    + " predictions, loss, dead-letters, drift 168 h and no size limit (Descent's own broker uses 24 h or"
                    + " 1,024 MB a partition)\n", out.toString());
            try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
                for (String topic : List.of("houses", "predictions", "loss", "dead-letters")) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
                    assertNotEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                            config.get(TopicConfig.RETENTION_BYTES_CONFIG).source(), topic);
                    assertEquals(topic.equals("houses") ? "3600000" : "604800000",
                            config.get(TopicConfig.RETENTION_MS_CONFIG).value(), topic);
                }
            }
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
