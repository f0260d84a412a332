package dev.descent.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The key of a topic's last record: where a producer that stopped, or gave up, got to. */
public final class TopicTail {
    /** The last offsets may be transaction markers rather than records: the last record is looked for this far back. */
    private static final long LOOK_BACK = 100;
    private static final Duration POLL = Duration.ofMillis(100);

    private TopicTail() {
    }

    /**
     * The key of the last record of {@code topic}, which must have one partition (with several,
     * no record is the last); empty when the topic holds none.
     *
     * @throws IllegalStateException when the topic is missing, has several partitions, cannot be
     *                               read within {@code timeout}, or its last record has no key
     */
    public static Optional<String> lastKey(String bootstrapServers, Map<String, String> clientProperties, String topic,
                                           Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrapServers);
            }
            if (partitions.size() > 1) {
                throw new IllegalStateException("topic '" + topic + "' has " + partitions.size()
                        + " partitions, so no record is its last");
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            if (begin == end) {
                return Optional.empty();
            }
            consumer.seek(partition, Math.max(begin, end - LOOK_BACK));
            ConsumerRecord<byte[], byte[]> last = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read the end of '" + topic + "' within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    last = r.offset() < end ? r : last;
                }
            }
            if (last == null) {
                throw new IllegalStateException("no record among the last " + LOOK_BACK + " offsets of '" + topic + "'");
            }
            if (last.key() == null) {
                throw new IllegalStateException("the last record of '" + topic + "' (offset " + last.offset() + ") has no key");
            }
            return Optional.of(new String(last.key(), StandardCharsets.UTF_8));
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read '" + topic + "' on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
