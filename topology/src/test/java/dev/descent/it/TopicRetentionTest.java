package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.kafka.TopicAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent broker} gives the topics it creates a retention by time and by size, from its
 * flags, and sets a changed one on the topics it finds when restarted on its data directory; the
 * compacted models topic stays compacted. Run in its own JVM, as a user runs it.
 */
class TopicRetentionTest {
    static final List<String> DELETED = List.of("houses", "predictions", "loss", "dead-letters");
    static final Pattern LISTENING = Pattern.compile("Kafka broker listening on (127\\.0\\.0\\.1:\\d+)");

    @Test
    void theBrokersTopicsKeepAGigabyteAPartitionAndNoTimeLimitUnlessToldOtherwise(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        withBroker(data, dir.resolve("first.log"), List.of(), bootstrap -> {
            for (String topic : DELETED) {
                Config config = describe(bootstrap, topic);
                assertEquals("-1", config.get(TopicConfig.RETENTION_MS_CONFIG).value(),
                        topic + ": no time limit, which would count from the records' event times");
                assertEquals(Long.toString(1024L * 1024 * 1024), config.get(TopicConfig.RETENTION_BYTES_CONFIG).value(), topic);
                // Kafka deletes whole segments: an eighth of the limit keeps a partition within 9/8 of it
                assertEquals(Long.toString(128L * 1024 * 1024), config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(), topic);
            }
            Config models = describe(bootstrap, "models");
            assertEquals("compact", models.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertNotEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                    models.get(TopicConfig.RETENTION_BYTES_CONFIG).source(), "compaction alone bounds the models");
        });
        withBroker(data, dir.resolve("second.log"), List.of("--retention-hours", "6", "--retention-mb", "100"), bootstrap -> {
            for (String topic : DELETED) {
                Config config = describe(bootstrap, topic);
                assertEquals("21600000", config.get(TopicConfig.RETENTION_MS_CONFIG).value(), topic);
                assertEquals("2700000", config.get(TopicConfig.SEGMENT_MS_CONFIG).value(), topic);
                assertEquals(Long.toString(100L * 1024 * 1024), config.get(TopicConfig.RETENTION_BYTES_CONFIG).value(), topic);
            }
        });
    }

    interface WithBootstrap {
        void accept(String bootstrap) throws Exception;
    }

    /** {@code descent broker} on {@code data} in its own JVM while {@code check} runs, then stopped as by Ctrl-C. */
    private static void withBroker(Path data, Path log, List<String> flags, WithBootstrap check) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = Stream.concat(Stream.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.descent.cli.DescentCommand", "broker", "--port", "0", "--data-dir", data.toString()), flags.stream())
                .toList();
        Process broker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String bootstrap = Poll.untilPresent(Duration.ofSeconds(60), Duration.ofMillis(100), () -> listening(log),
                    () -> new IllegalStateException("the broker did not start: " + read(log)));
            check.accept(bootstrap);
        } finally {
            broker.destroy();
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "the broker stopped");
        }
    }

    private static Optional<String> listening(Path log) {
        Matcher m = LISTENING.matcher(read(log));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static Config describe(String bootstrap, String topic) throws Exception {
        try (Admin admin = TopicAdmin.connect(bootstrap, Map.of())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        }
    }
}
