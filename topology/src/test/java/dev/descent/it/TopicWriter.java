package dev.descent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes raw key/value records in tests and fails if any send fails. */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static void write(String bootstrap, String topic, List<byte[][]> keyValues) {
        write(bootstrap, topic, keyValues, 0);
    }

    /** Record i to partition {@code i mod partitions}, round-robin; {@code partitions} 0: the producer's partitioner. */
    public static void write(String bootstrap, String topic, List<byte[][]> keyValues, int partitions) {
        write(bootstrap, topic, keyValues, partitions, 0);
    }

    /** {@link #write(String, String, List, int)} at {@code perSecond} records a second (0: as fast as it goes). */
    public static void write(String bootstrap, String topic, List<byte[][]> keyValues, int partitions, double perSecond) {
        write(bootstrap, topic, keyValues, null, partitions, perSecond);
    }

    /** Record i with timestamp {@code timestamps[i]} (event time), by the producer's partitioner. */
    public static void write(String bootstrap, String topic, List<byte[][]> keyValues, long[] timestamps) {
        write(bootstrap, topic, keyValues, timestamps, 0, 0);
    }

    private static void write(String bootstrap, String topic, List<byte[][]> keyValues, long[] timestamps,
                              int partitions, double perSecond) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3 * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < keyValues.size(); i++) {
                if (perSecond > 0) {
                    long due = start + (long) (i / perSecond * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                byte[][] kv = keyValues.get(i);
                Integer partition = partitions == 0 ? null : i % partitions;
                Long timestamp = timestamps == null ? null : timestamps[i];
                sent.add(producer.send(new ProducerRecord<>(topic, partition, timestamp, kv[0], kv[1])));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new AssertionError("send to " + topic + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
