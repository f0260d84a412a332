package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.data.HouseGenerator;
import dev.descent.it.TopicReader;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent produce} while its broker goes away mid-run: stopped, then started again on the
 * same port and data directory, as a restarted or upgraded broker comes back.
 */
@Timeout(120)
class ProduceOutageTest {
    static final String TOPIC = "houses";
    /**
     * While the broker is away {@code send} blocks for the topic's leader, and once this 4 MB
     * buffer fills (within a second at 10,000 records/s; the default 32 MB within ten) for space
     * too. Both waits used to end after {@code --timeout}, failing the run.
     */
    static final String SMALL_BUFFER = "buffer.memory=" + 4 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aBrokerAwayLongerThanTheTimeoutIsWaitedForAndEveryRecordArrivesOnce() throws Exception {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir);
        int port = kafka.port();
        String bootstrap = kafka.bootstrapServers();
        try {
            kafka.createTopic(TOPIC, 1, Map.of());
            CompletableFuture<CliRun> produce = CompletableFuture.supplyAsync(() -> CliRun.of("produce",
                    "--bootstrap-servers", bootstrap, "--generate", "--records", "60000", "--rate", "10000",
                    "--timeout", "1", "-D", SMALL_BUFFER));
            awaitRecords(bootstrap, 10_000);
            kafka.close();
            Thread.sleep(5_000);
            kafka = EmbeddedKafkaBroker.start(port, dir);

            CliRun run = produce.get(90, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("sent 60,000 records to 'houses'"), run.out());
            assertEveryRecordOnce(bootstrap, 60_000);
        } finally {
            kafka.close();
        }
    }

    @Test
    void aProduceThatGivesUpSaysHowFarItGotAndResumeSendsTheRestOnce() throws Exception {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir);
        int port = kafka.port();
        String bootstrap = kafka.bootstrapServers();
        List<String> args = List.of("produce", "--bootstrap-servers", bootstrap, "--generate", "--records", "30000",
                "--rate", "10000", "--retry-for", "2", "-D", SMALL_BUFFER);
        try {
            kafka.createTopic(TOPIC, 1, Map.of());
            CompletableFuture<CliRun> produce = CompletableFuture.supplyAsync(() -> CliRun.of(args.toArray(String[]::new)));
            awaitRecords(bootstrap, 5_000);
            kafka.close();

            CliRun failed = produce.get(60, TimeUnit.SECONDS);
            assertEquals(1, failed.exitCode(), failed.err());
            assertTrue(failed.err().matches("(?s).*produce: sending to 'houses' on " + bootstrap + " failed after"
                    + " [0-9,]+ of [0-9,]+ records were acknowledged: .+; rerun with --resume to continue after the"
                    + " topic's last record\\n"), failed.err());

            kafka = EmbeddedKafkaBroker.start(port, dir);
            CliRun resumed = CliRun.of(Stream.concat(args.stream(), Stream.of("--resume")).toArray(String[]::new));
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.out().matches("sent [0-9,]+ records to 'houses' .*, from record [0-9,]+\\)\\n"),
                    resumed.out());
            assertEveryRecordOnce(bootstrap, 30_000);
        } finally {
            kafka.close();
        }
    }

    /** Waits until the topic holds at least {@code count} records: produce is well under way. */
    private static void awaitRecords(String bootstrap, long count) throws InterruptedException {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (Admin admin = TopicAdmin.connect(bootstrap, Map.of())) {
            Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
                try {
                    return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                            .get().offset() >= count;
                } catch (java.util.concurrent.ExecutionException e) {
                    return false;
                }
            }, () -> new IllegalStateException("produce did not get to " + count + " records"));
        }
    }

    /** The generator's first {@code count} records, in order, each once. */
    private static void assertEveryRecordOnce(String bootstrap, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(bootstrap, TOPIC, count, Duration.ofSeconds(30), false);
        assertEquals(count, records.size(), "records on the topic");
        HouseGenerator expected = new HouseGenerator(42);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertEquals(expected.next().key(), new String(r.key(), StandardCharsets.UTF_8), "offset " + r.offset());
        }
    }
}
