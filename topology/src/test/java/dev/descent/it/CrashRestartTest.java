package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: {@code descent run} in a child JVM is killed with SIGKILL while it
 * works through the input (no clean shutdown, no final commit), then the topology is restarted
 * with the same application id. Every learner must have learned every labeled record exactly
 * once, and a read_committed consumer must see exactly one prediction per input record.
 */
class CrashRestartTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FIRST = 15_000;
    static final int SECOND = 15_000;
    static final String APP = "crash-restart";

    @Test
    void aKilledAppRestartsWithoutLosingOrRepeatingARecord(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(FIRST + SECOND, 7, 0.1);
            TopicWriter.write(bootstrap, topics.input(), records.keyValues().subList(0, FIRST));

            Process child = startRun(bootstrap, dir.resolve("child.log"));
            try {
                // Kill only after the child has produced output, while more input keeps arriving.
                TopicReader.read(bootstrap, topics.predictions(), 2_000, Duration.ofSeconds(90), false);
                Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(),
                        records.keyValues().subList(FIRST, FIRST + SECOND)));
                writer.start();
                TopicReader.read(bootstrap, topics.predictions(), FIRST, Duration.ofSeconds(90), false);
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is gone");
                writer.join();
            } finally {
                child.destroyForcibly();
            }

            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties(APP, bootstrap, true,
                    Map.of()))) {
                app.start(Duration.ofSeconds(90));
                List<ConsumerRecord<byte[], byte[]>> predictions =
                        ExactlyOnce.assertEveryRecordOnce(bootstrap, topics, records, app);
                JsonNode last = JSON.readTree(predictions.get(predictions.size() - 1).value());
                assertEquals(config.learners().size(), last.get("predictions").size());
            }
        }
    }

    /** {@code descent run} in its own JVM, so it can be killed outright. */
    static Process startRun(String bootstrap, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.descent.cli.DescentCommand",
                "run", "--bootstrap-servers", bootstrap, "--application-id", APP,
                "--progress-every", "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
