package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code descent run} killed with SIGKILL and started again on the same state directory gets
 * its partition back at once and processes again within 15 s of its start, instead of waiting
 * for the dead member's session timeout (45 s with Kafka's defaults).
 */
class RestartFailoverTest {
    static final String APP = "restart-failover";
    static final Duration TARGET = Duration.ofSeconds(15);

    @Test
    void aRestartedInstanceProcessesAgainWithinFifteenSeconds(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(120_000, 23, 0.1);
            Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(), records.keyValues(), 1, 2_000));
            writer.setDaemon(true);
            writer.start();
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            TopicPartition input = new TopicPartition(topics.input(), 0);
            Process first = startRun(bootstrap, dir.resolve("state"), dir.resolve("first.log"));
            Process second = null;
            try {
                Poll.until(Duration.ofSeconds(90), Duration.ofMillis(100), () -> topicAdmin.committedOffset(APP, input) > 2_000,
                        () -> new IllegalStateException("the first instance committed nothing: " + log(dir.resolve("first.log"))));
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed instance is gone");
                long committed = topicAdmin.committedOffset(APP, input);

                long start = System.nanoTime();
                second = startRun(bootstrap, dir.resolve("state"), dir.resolve("second.log"));
                Process restarted = second;
                Poll.until(Duration.ofSeconds(90), Duration.ofMillis(100), () -> topicAdmin.committedOffset(APP, input) > committed,
                        () -> new IllegalStateException("the restarted instance committed nothing: " + log(dir.resolve("second.log"))));
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("restarted instance committed again %.1f s after its start%n", waited.toMillis() / 1e3);
                assertTrue(restarted.isAlive(), "the restarted instance runs");
                assertTrue(waited.compareTo(TARGET) <= 0, "processing again after " + waited + ", more than " + TARGET
                        + ": " + log(dir.resolve("second.log")));
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroy();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** {@code descent run} in its own JVM, so it can be killed outright. */
    private static Process startRun(String bootstrap, Path stateDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.descent.cli.DescentCommand",
                "run", "--bootstrap-servers", bootstrap, "--application-id", APP, "--state-dir", stateDir.toString(),
                "--http-port", "0", "--progress-every", "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static String log(Path file) {
        try {
            String text = Files.readString(file);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
