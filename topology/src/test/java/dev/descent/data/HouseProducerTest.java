package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.it.TopicReader;
import dev.descent.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HouseProducerTest {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    HouseProducer producer(Duration timeout) {
        return new HouseProducer(kafka.bootstrapServers(), Map.of(), timeout, HouseProducer.DEFAULT_RETRY_FOR);
    }

    @Test
    void everyRecordArrivesInOrderAndTheListenerHearsTheFinalCount() {
        kafka.createTopic("all", 1, Map.of());
        List<ProduceProgress> heard = new ArrayList<>();
        ProduceProgress done;
        try (HouseProducer producer = producer(HouseProducer.DEFAULT_TIMEOUT)) {
            done = producer.produce("all", new HouseGenerator(1).limit(2_000), 0, heard::add, () -> false);
        }
        assertEquals(2_000, done.records());
        assertEquals(done, heard.get(heard.size() - 1));
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.read(kafka.bootstrapServers(), "all", 2_000, READ_TIMEOUT, false);
        assertEquals(2_000, read.size());
        HouseGenerator expected = new HouseGenerator(1);
        for (ConsumerRecord<byte[], byte[]> r : read) {
            HouseMessage m = expected.next();
            assertEquals(m.key(), new String(r.key(), StandardCharsets.UTF_8));
            assertEquals(m.json(), new String(r.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTargetRateSpreadsTheRecordsOverTime() {
        kafka.createTopic("paced", 1, Map.of());
        List<ProduceProgress> heard = new ArrayList<>();
        ProduceProgress done;
        try (HouseProducer producer = producer(HouseProducer.DEFAULT_TIMEOUT)) {
            done = producer.produce("paced", new HouseGenerator(2).limit(31), 50, heard::add, () -> false);
        }
        assertEquals(31, done.records());
        // The 31st record is due 30/50 = 0.6 s after the first.
        assertTrue(done.elapsed().toMillis() >= 590 && done.elapsed().toMillis() < 3_000, done.toString());
        assertTrue(heard.size() >= 2, "progress while pacing: " + heard);
        assertTrue(done.recordsPerSecond() <= 55, done.toString());
    }

    @Test
    void aStopRequestEndsAnEndlessRunWithoutError() {
        kafka.createTopic("endless", 1, Map.of());
        long stopAt = System.nanoTime() + Duration.ofMillis(400).toNanos();
        ProduceProgress done;
        try (HouseProducer producer = producer(HouseProducer.DEFAULT_TIMEOUT)) {
            done = producer.produce("endless", new HouseGenerator(3), 100, p -> { }, () -> System.nanoTime() > stopAt);
        }
        assertTrue(done.records() >= 10 && done.records() <= 80, done.toString());
        assertEquals(done.records(), TopicReader.read(kafka.bootstrapServers(), "endless", (int) done.records(),
                READ_TIMEOUT, false).size());
    }

    @Test
    void theFirstFailedSendFailsTheRun() {
        kafka.createTopic("tiny", 1, Map.of("max.message.bytes", "200"));
        try (HouseProducer producer = producer(HouseProducer.DEFAULT_TIMEOUT)) {
            ProduceException e = assertThrows(ProduceException.class,
                    () -> producer.produce("tiny", new HouseGenerator(4).limit(50)));
            assertTrue(e.getMessage().startsWith("sending to 'tiny' on " + kafka.bootstrapServers() + " failed after 0 of"),
                    e.getMessage());
        }
    }

    @Test
    void aFreshlyCreatedTopicIsAwaitedBeforeTheFirstSend() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("fresh", Optional.of(1), Optional.empty())));
            try (HouseProducer producer = producer(HouseProducer.DEFAULT_TIMEOUT)) {
                assertEquals(100, producer.produce("fresh", new HouseGenerator(5).limit(100)).records());
            }
        }
        assertEquals(100, TopicReader.read(kafka.bootstrapServers(), "fresh", 100, READ_TIMEOUT, false).size());
    }

    @Test
    void aMissingTopicFailsOnceTheTimeoutHasPassed() {
        long start = System.nanoTime();
        try (HouseProducer producer = producer(Duration.ofSeconds(1))) {
            ProduceException e = assertThrows(ProduceException.class,
                    () -> producer.produce("no-such-topic", new HouseGenerator(6).limit(1)));
            assertTrue(e.getMessage().startsWith("topic 'no-such-topic' does not exist on " + kafka.bootstrapServers()),
                    e.getMessage());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void anUnreachableClusterFailsWithinTheTimeout() throws IOException {
        String nobody = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        try (HouseProducer producer = new HouseProducer(nobody, Map.of(), Duration.ofSeconds(1),
                HouseProducer.DEFAULT_RETRY_FOR)) {
            ProduceException e = assertThrows(ProduceException.class,
                    () -> producer.produce("houses", new HouseGenerator(7).limit(1)));
            assertTrue(e.getMessage().startsWith("cannot reach Kafka at " + nobody + " within 1 s"), e.getMessage());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
    }

    @Test
    void invalidClientSettingsFailWithOneLine() {
        kafka.createTopic("settings", 1, Map.of());
        try (HouseProducer producer = new HouseProducer(kafka.bootstrapServers(), Map.of("acks", "some"),
                Duration.ofSeconds(1), HouseProducer.DEFAULT_RETRY_FOR)) {
            ProduceException e = assertThrows(ProduceException.class,
                    () -> producer.produce("settings", new HouseGenerator(8).limit(1)));
            assertTrue(e.getMessage().startsWith("invalid Kafka client settings"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aBootstrapHostThatDoesNotResolveFailsAtOnce() {
        try (HouseProducer producer = new HouseProducer("no-such-host.invalid:9092", Map.of(), Duration.ofSeconds(1),
                HouseProducer.DEFAULT_RETRY_FOR)) {
            ProduceException e = assertThrows(ProduceException.class,
                    () -> producer.produce("houses", new HouseGenerator(9).limit(1)));
            assertTrue(e.getMessage().contains("No resolvable bootstrap urls"), e.getMessage());
        }
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
