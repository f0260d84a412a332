package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A topic that {@code TopicAdmin} reports ready takes an idempotent producer's records at once,
 * on every partition, also on a broker that has just run a Kafka Streams app. When readiness meant
 * a leader in the metadata, a partition's batches sat unsent until their delivery timeout in 4 of
 * 9 such rounds (2026-12-03); the producer here would then fail its sends after 15 s.
 */
class TopicReadinessTest {

    @Test
    void aFreshTopicTakesEveryBatchAfterAnAppRan() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics first = new Topics("first-houses", "first-predictions", "first-loss", "first-models", "first-dead",
                    "first-drift", "first-expired");
            kafka.createTopics(first.definitions().toArray(NewTopic[]::new));
            TopicWriter.write(bootstrap, first.input(), GeneratedRecords.of(5_000, 1, 0).keyValues());
            DescentConfig config = new DescentConfig(first, CaliforniaHousing.schema(), DefaultLearners.all(), 100, 1000);
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("readiness", bootstrap, false,
                    Map.of())).start(Duration.ofSeconds(60))) {
                TopicReader.read(bootstrap, first.predictions(), 5_000, Duration.ofSeconds(60), false);
            }
            for (int round = 0; round < 3; round++) {
                Topics fresh = new Topics("fresh-" + round, "fresh-predictions-" + round, "fresh-loss-" + round,
                        "fresh-models-" + round, "fresh-dead-" + round, "fresh-drift-" + round,
                        "fresh-expired-" + round);
                kafka.createTopics(fresh.definitions(4).toArray(NewTopic[]::new));
                assertEquals(2_000, sendIdempotently(bootstrap, fresh.input(), GeneratedRecords.of(2_000, round, 0)
                        .keyValues()), "round " + round);
            }
        }
    }

    /** The records acknowledged within the delivery timeout. */
    private static int sendIdempotently(String bootstrap, String topic, List<byte[][]> records) throws InterruptedException {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (byte[][] kv : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
            }
            int acknowledged = 0;
            for (Future<RecordMetadata> f : sent) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    acknowledged++;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // counted as lost
                }
            }
            return acknowledged;
        }
    }
}
