package dev.descent.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the embedded broker for real: transactions, read_committed consumption, compaction config, restarts. */
@Timeout(60)
class EmbeddedKafkaBrokerTest {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void transactionalRecordsArriveInOrderWithReadCommitted() throws Exception {
        long started = System.nanoTime();
        Path dataDir;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            System.out.printf("EmbeddedKafkaBroker start (fresh temp dir): %d ms%n", millisSince(started));
            dataDir = kafka.dataDir();
            assertTrue(kafka.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), kafka.bootstrapServers());

            kafka.createTopic("records", 1, Map.of());
            kafka.createTopic("snapshots", 1, Map.of("cleanup.policy", "compact"));
            assertEquals("compact", topicConfig(kafka, "snapshots", "cleanup.policy"));

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                sendInTransaction(producer, "records", List.of("aborted-1", "aborted-2"), false);
                sendInTransaction(producer, "records", numbered(100), true);
                sendInTransaction(producer, "snapshots", List.of("a", "b", "a"), true);
            }

            List<ConsumerRecord<String, String>> records = consumeCommitted(kafka, "records", 100);
            assertEquals(numbered(100), records.stream().map(ConsumerRecord::value).toList());
            for (int i = 1; i < records.size(); i++) {
                assertTrue(records.get(i - 1).offset() < records.get(i).offset(), "offsets increase");
            }
            assertEquals(3, consumeCommitted(kafka, "snapshots", 3).size());
        }
        assertFalse(Files.exists(dataDir), "temporary data directory is deleted on close");
    }

    @Test
    void topicsAndCommittedDataSurviveRestartOnPersistentDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir)) {
            kafka.createTopic("durable", 1, Map.of("cleanup.policy", "compact"));
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                sendInTransaction(producer, "durable", numbered(10), true);
            }
        }
        assertTrue(Files.exists(dir.resolve("meta.properties")), "a given directory is kept and formatted");

        long restarted = System.nanoTime();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir)) {
            System.out.printf("EmbeddedKafkaBroker restart (persistent dir): %d ms%n", millisSince(restarted));
            kafka.awaitTopicsReady("durable");
            assertEquals("compact", topicConfig(kafka, "durable", "cleanup.policy"));
            List<String> values = consumeCommitted(kafka, "durable", 10).stream().map(ConsumerRecord::value).toList();
            assertEquals(numbered(10), values);
        }
    }

    /**
     * Sends {@code values} (keyed by themselves) in one transaction, then commits or aborts it, and
     * checks that every send succeeded both through its callback and through its future.
     */
    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic,
                                          List<String> values, boolean commit) throws Exception {
        Queue<Exception> failures = new ConcurrentLinkedQueue<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        producer.beginTransaction();
        for (String value : values) {
            sends.add(producer.send(new ProducerRecord<>(topic, value, value), (metadata, exception) -> {
                if (exception != null) {
                    failures.add(exception);
                }
            }));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
        assertTrue(failures.isEmpty(), () -> "send callbacks failed: " + failures);
        for (Future<RecordMetadata> send : sends) {
            assertTrue(send.get().hasOffset(), "every record was written");
        }
    }

    private static List<ConsumerRecord<String, String>> consumeCommitted(EmbeddedKafkaBroker kafka, String topic,
                                                                         int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll catches records beyond the expected count that must not be there.
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertEquals(expected, records.size(), "committed records in " + topic);
        return records;
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaBroker kafka) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static String topicConfig(EmbeddedKafkaBroker kafka, String topic, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
        }
    }

    private static List<String> numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> "value-" + i).toList();
    }

    private static long millisSince(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
    }
}
