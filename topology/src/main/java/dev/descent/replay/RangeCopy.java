package dev.descent.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a {@link ReplayRange} into the run's own single-partition input topic, once per epoch,
 * in one fixed order: a single partition in offset order; several partitions merged by record
 * timestamp, ties broken by partition number, then offset. Every learner of the run then sees
 * exactly these records in exactly this order, however often the replay is repeated.
 *
 * <p>Reads with a group-less, {@code read_committed} consumer (assigned partitions, no offsets
 * committed), so nothing is left behind on the source topic.
 */
final class RangeCopy {
    /** Records buffered per partition before that partition is paused until the merge catches up. */
    private static final int BUFFER = 10_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;

    RangeCopy(String bootstrapServers, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
    }

    /** Copies {@code range} {@code epochs} times to partition 0 of {@code target}; returns the records written. */
    long copy(ReplayRange range, int epochs, String target) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(committedReader(bootstrapServers, clientProperties));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            long written = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                written += copyOnce(range, consumer, record -> producer.send(
                        new ProducerRecord<>(target, 0, record.timestamp(), record.key(), record.value(), record.headers()),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        }));
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("copying " + range.describe() + " to '" + target + "' failed: "
                        + failure.get().getMessage(), failure.get());
            }
            return written;
        }
    }

    private static long copyOnce(ReplayRange range, KafkaConsumer<byte[], byte[]> consumer,
                                 java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int p : range.partitions()) {
            if (range.end().get(p) > range.start().get(p)) {
                TopicPartition tp = new TopicPartition(range.topic(), p);
                buffers.put(tp, new ArrayDeque<>());
                ends.put(tp, range.end().get(p));
            }
        }
        List<TopicPartition> assigned = List.copyOf(buffers.keySet());
        consumer.assign(assigned);
        consumer.resume(assigned);
        for (TopicPartition tp : assigned) {
            consumer.seek(tp, range.start().get(tp.partition()));
        }
        Map<TopicPartition, Boolean> exhausted = new HashMap<>();
        assigned.forEach(tp -> exhausted.put(tp, false));
        long written = 0;
        while (true) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(tp)) {
                    buffers.get(tp).add(record);
                }
            }
            for (TopicPartition tp : assigned) {
                // the position passes transaction markers and aborted records too
                if (!exhausted.get(tp) && consumer.position(tp) >= ends.get(tp)) {
                    exhausted.put(tp, true);
                    consumer.pause(List.of(tp));
                }
            }
            // Emit while every partition that may still deliver records has one waiting: only then is the
            // smallest head the smallest of all that remain.
            while (true) {
                TopicPartition next = null;
                boolean blocked = false;
                for (TopicPartition tp : assigned) {
                    ConsumerRecord<byte[], byte[]> head = buffers.get(tp).peek();
                    if (head == null) {
                        blocked |= !exhausted.get(tp);
                    } else if (next == null || before(head, buffers.get(next).peek())) {
                        next = tp;
                    }
                }
                if (blocked || next == null) {
                    break;
                }
                sink.accept(buffers.get(next).poll());
                written++;
            }
            if (exhausted.values().stream().allMatch(b -> b) && buffers.values().stream().allMatch(ArrayDeque::isEmpty)) {
                return written;
            }
            for (TopicPartition tp : assigned) {
                if (!exhausted.get(tp)) {
                    if (buffers.get(tp).size() >= BUFFER) {
                        consumer.pause(List.of(tp));
                    } else {
                        consumer.resume(List.of(tp));
                    }
                }
            }
        }
    }

    private static boolean before(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() < b.timestamp();
        }
        if (a.partition() != b.partition()) {
            return a.partition() < b.partition();
        }
        return a.offset() < b.offset();
    }

    /** A consumer without a group (assign and seek only, nothing committed) that sees only committed records. */
    static Map<String, Object> committedReader(String bootstrapServers, Map<String, String> clientProperties) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(dev.descent.topology.Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }
}
