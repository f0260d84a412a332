package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.model.GlobalLearner;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Replication;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once on 4 partitions across instances: two {@code descent run} processes share the
 * partitions (and the merger), one is killed with SIGKILL mid-stream while input keeps arriving,
 * and a third instance joins. Every input record has exactly one read_committed prediction, and
 * every global learner has counted every labeled record exactly once.
 */
class PartitionedCrashTest {
    static final int FIRST = 12_000;
    static final int SECOND = 12_000;
    static final int PARTITIONS = 4;
    static final String APP = "partitions-crash";

    @Test
    void killingOneOfTwoInstancesAndAddingAThirdLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions(PARTITIONS).toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(FIRST + SECOND, 11, 0.1);
            TopicWriter.write(bootstrap, topics.input(), records.keyValues().subList(0, FIRST), PARTITIONS);

            Process doomed = startRun(bootstrap, dir.resolve("a.log"));
            Process survivor = startRun(bootstrap, dir.resolve("b.log"));
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withReplication(new Replication(PARTITIONS, Replication.DEFAULT_SYNC_EVERY, Duration.ofMillis(200)));
            try {
                TopicReader.read(bootstrap, topics.predictions(), 2_000, Duration.ofSeconds(90), false);
                Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(),
                        records.keyValues().subList(FIRST, FIRST + SECOND), PARTITIONS, 4_000));
                writer.start();
                TopicReader.read(bootstrap, topics.predictions(), FIRST / 2, Duration.ofSeconds(90), false);
                doomed.destroyForcibly();
                assertTrue(doomed.waitFor(30, TimeUnit.SECONDS), "the killed instance is gone");
                try (DescentApp joiner = new DescentApp(config, StreamsSettings.properties(APP, bootstrap, true,
                        Map.of())).start(Duration.ofSeconds(90))) {
                    writer.join();
                    ExactlyOnce.assertEveryPredictionOnce(bootstrap, topics, records);
                    Poll.until(Duration.ofSeconds(60), Duration.ofMillis(200), () -> counted(joiner, config, records),
                            () -> new IllegalStateException("global record counts " + joiner.globalLearners().stream()
                                    .map(g -> g.learner().config().id() + "=" + g.learner().records()).toList()
                                    + ", expected " + records.labeled() + "; survivor log: " + log(dir.resolve("b.log"))));
                    for (GlobalLearner g : joiner.globalLearners()) {
                        assertEquals(records.labeled(), g.learner().records(), g.learner().config().id());
                    }
                }
            } finally {
                doomed.destroyForcibly();
                survivor.destroy();
                survivor.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean counted(DescentApp app, DescentConfig config, GeneratedRecords records) {
        List<GlobalLearner> globals = app.globalLearners();
        return globals.size() == config.learners().size()
                && globals.stream().allMatch(g -> g.learner().records() == records.labeled());
    }

    /** {@code descent run} in its own JVM, so it can be killed outright; the topic's 4 partitions make it replicate. */
    private static Process startRun(String bootstrap, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.descent.cli.DescentCommand",
                "run", "--bootstrap-servers", bootstrap, "--application-id", APP,
                "--sync-interval", "0.2", "--http-port", "0", "--progress-every", "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static String log(Path file) {
        try {
            String text = Files.readString(file);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
