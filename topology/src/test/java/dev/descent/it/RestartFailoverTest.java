package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code descent run} killed with SIGKILL and started again as it was (same HTTP port) gets
 * its partition back at once and processes again within 15 s of its start, instead of waiting
 * for the dead member's session timeout (45 s with Kafka's defaults); under at-least-once it
 * repeats at most about two seconds of input (it commits every second, not every 30 s).
 */
class RestartFailoverTest {
    static final Duration TARGET = Duration.ofSeconds(15);
    static final int RECORDS = 40_000;
    static final int RATE = 2_000;

    @ParameterizedTest(name = "exactly-once {0}")
    @ValueSource(booleans = {true, false})
    void aRestartedInstanceProcessesAgainWithinFifteenSeconds(boolean exactlyOnce, @TempDir Path dir) throws Exception {
        String app = "restart-failover-" + (exactlyOnce ? "eos" : "alo");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(RECORDS, 23, 0.1);
            Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(), records.keyValues(), 1, RATE));
            writer.start();
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            TopicPartition input = new TopicPartition(topics.input(), 0);
            // a fixed HTTP port, as an operator runs it: the instance is then a static member under the same id again
            int httpPort = freePort();
            Process first = startRun(bootstrap, app, exactlyOnce, httpPort, dir.resolve("first.log"));
            Process second = null;
            try {
                // killed once it has caught up with the input, so what it repeats is a commit interval of the stream
                TopicReader.read(bootstrap, topics.predictions(), 16_000, Duration.ofSeconds(90), false);
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed instance is gone");
                long committed = topicAdmin.committedOffset(app, input);

                long start = System.nanoTime();
                second = startRun(bootstrap, app, exactlyOnce, httpPort, dir.resolve("second.log"));
                Poll.until(Duration.ofSeconds(90), Duration.ofMillis(100), () -> topicAdmin.committedOffset(app, input) > committed,
                        () -> new IllegalStateException("the restarted instance committed nothing: " + log(dir.resolve("second.log"))));
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                writer.join();
                // every input record processed and committed: every prediction is on the topic by then
                long end = admin.listOffsets(Map.of(input, OffsetSpec.latest())).partitionResult(input)
                        .get(30, TimeUnit.SECONDS).offset();
                Poll.until(Duration.ofSeconds(90), Duration.ofMillis(100), () -> topicAdmin.committedOffset(app, input) >= end,
                        () -> new IllegalStateException("the restarted instance did not catch up: " + log(dir.resolve("second.log"))));
                // at-least-once: every record written, duplicates too (no transaction markers among them)
                TopicPartition output = new TopicPartition(topics.predictions(), 0);
                long written = admin.listOffsets(Map.of(output, OffsetSpec.latest())).partitionResult(output)
                        .get(30, TimeUnit.SECONDS).offset();
                List<ConsumerRecord<byte[], byte[]>> predictions = TopicReader.read(bootstrap, topics.predictions(),
                        exactlyOnce ? RECORDS : (int) written, Duration.ofSeconds(90), exactlyOnce);
                Set<String> keys = new HashSet<>();
                predictions.forEach(p -> keys.add(new String(p.key(), StandardCharsets.UTF_8)));
                int duplicates = predictions.size() - keys.size();
                System.out.printf("%s: committing again %.1f s after the restart; %,d duplicate predictions%n",
                        exactlyOnce ? "exactly-once" : "at-least-once", waited.toMillis() / 1e3, duplicates);
                assertTrue(waited.compareTo(TARGET) <= 0, "processing again after " + waited + ", more than " + TARGET
                        + ": " + log(dir.resolve("second.log")));
                assertEquals(RECORDS, keys.size(), "records predicted");
                assertTrue(keys.containsAll(records.keys()), "every record predicted");
                // At-least-once repeats what was processed since the last commit, a second of processing: with
                // Kafka's 30 s interval that was every record since the start here (over 16,000). An instance
                // that lags the input processes several seconds of it in one, hence the margin.
                assertTrue(duplicates <= (exactlyOnce ? 0 : 5 * RATE), duplicates + " duplicate predictions");
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
    private static Process startRun(String bootstrap, String app, boolean exactlyOnce, int httpPort, Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.descent.cli.DescentCommand", "run", "--bootstrap-servers", bootstrap, "--application-id", app,
                "--http-port", Integer.toString(httpPort), "--progress-every", "1"));
        if (!exactlyOnce) {
            command.add("--at-least-once");
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
