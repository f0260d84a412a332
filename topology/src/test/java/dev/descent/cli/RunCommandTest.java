package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

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

            RunCommand.prepareTopics(kafka.bootstrapServers(), Map.of(), CommandLine.populateCommand(new TopologyOptions()),
                    new PrintWriter(out, true));

            assertEquals("retention on " + kafka.bootstrapServers() + ", left as it is: houses 1 h and no size limit;"
                    + " predictions, loss, dead-letters, drift, expired 168 h and no size limit (Descent's own broker uses"
                    + " 1,024 MB a partition and no time limit)\n", out.toString());
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

    /** A command line with the topology's and the HTTP options alone. */
    static final class TopologyOnly {
        @Mixin
        TopologyOptions topology;

        @Mixin
        HttpOptions http;
    }

    private static Properties streamsProperties(int httpPort, String... args) {
        TopologyOnly parsed = new TopologyOnly();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--http-port", Integer.toString(httpPort)));
        new CommandLine(parsed).parseArgs(all.toArray(String[]::new));
        return parsed.topology.streamsProperties("127.0.0.1:1", Map.of(), parsed.http);
    }

    private static String stateDir(int httpPort, String... args) {
        return (String) streamsProperties(httpPort, args).get(StreamsConfig.STATE_DIR_CONFIG);
    }

    /** Other instances ask an instance about the model keys it holds at the address of its HTTP port. */
    @Test
    void anInstanceAdvertisesItsHttpAddressUnlessItsPortIsPickedAtRandom() {
        assertEquals("127.0.0.1:8081", streamsProperties(8081).get(StreamsConfig.APPLICATION_SERVER_CONFIG));
        assertEquals("10.0.0.5:8081", streamsProperties(8081, "--http-bind", "10.0.0.5")
                .get(StreamsConfig.APPLICATION_SERVER_CONFIG));
        assertNull(streamsProperties(0).get(StreamsConfig.APPLICATION_SERVER_CONFIG), "nobody knows a random port");
    }

    /**
     * The learners live in memory and come back from their changelogs, so Kafka Streams writes
     * nothing to local disk (CleanRestartTest checks it); only pending listings, in RocksDB, need a
     * directory, one per instance.
     */
    @Test
    void onlyListingsKeepStateOnLocalDiskInADirectoryOfTheirInstance() {
        assertNull(stateDir(8080, "--state-dir", "/srv/descent"), "without --listings nothing is on disk");
        assertEquals("/srv/descent", stateDir(8080, "--listings", "--state-dir", "/srv/descent"));
        assertEquals(Path.of(System.getProperty("user.home"), ".descent", "state",
                TopologyOptions.defaultInstanceId(8080)).toString(), stateDir(8080, "--listings"));
        assertNull(stateDir(0, "--listings"), "no member id: Kafka Streams' own default");
        assertNull(DescentCommand.commandLine().getSubcommands().get("replay").getCommandSpec().findOption("--state-dir"),
                "replay learns labeled records at once");
    }

    @Test
    void shouldSayWhereItLookedForKafkaAndForHowLong() {
        CliRun run = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().matches("run: no Kafka broker answered at 127\\.0\\.0\\.1:1 in [0-9]+ s \\(is it running, and is"
                + " that its address\\?\\)\\n"), run.err());
    }
}
