package dev.descent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.it.TopicReader;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The order guarantee of a replay on a multi-partition topic: the range of every partition,
 * merged by record timestamp, ties by partition then offset, repeated once per epoch.
 */
class RangeCopyTest {

    /** What a record says about where it came from: "partition/offset/timestamp". */
    private record Origin(int partition, long offset, long timestamp) {
        static Origin of(ConsumerRecord<byte[], byte[]> r) {
            String[] parts = new String(r.value(), StandardCharsets.UTF_8).split("/");
            return new Origin(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
    }

    @Test
    void shouldMergePartitionsByTimestampThenPartitionThenOffset() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopic("source", 3, Map.of());
            kafka.createTopic("target", 1, Map.of());
            kafka.awaitTopicsReady("source", "target");
            List<Origin> written = new ArrayList<>();
            Random random = new Random(3);
            long[] next = new long[3];
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                long[] clock = {1_000, 1_000, 1_000};
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < 3_000; i++) {
                    int p = random.nextInt(3);
                    clock[p] += random.nextInt(3);      // non-decreasing per partition, with ties across them
                    Origin origin = new Origin(p, next[p]++, clock[p]);
                    byte[] value = (origin.partition() + "/" + origin.offset() + "/" + origin.timestamp())
                            .getBytes(StandardCharsets.UTF_8);
                    sends.add(producer.send(new ProducerRecord<>("source", p, origin.timestamp(), null, value)));
                    written.add(origin);
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get();
                }
            }
            ReplayRange range;
            try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
                range = ReplayRange.resolve(admin, "source", "0:10,2:500", "end");
            }
            List<Origin> expected = written.stream()
                    .filter(o -> o.offset() >= range.start().get(o.partition()))
                    .sorted(Comparator.comparingLong(Origin::timestamp).thenComparingInt(Origin::partition)
                            .thenComparingLong(Origin::offset))
                    .toList();
            assertEquals(3_000 - 10 - 500, expected.size());
            assertEquals(expected.size(), range.size());

            long copied = new RangeCopy(kafka.bootstrapServers(), Map.of()).copy(range, 2, "target");

            assertEquals(2L * expected.size(), copied);
            List<Origin> actual = TopicReader.read(kafka.bootstrapServers(), "target", (int) copied,
                    Duration.ofSeconds(30), false).stream().map(Origin::of).toList();
            assertEquals(expected, actual.subList(0, expected.size()), "first epoch");
            assertEquals(expected, actual.subList(expected.size(), actual.size()), "second epoch, same order");
        }
    }
}
