package dev.descent.bench;

import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseProducer;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Latency at a steady rate, as a user downstream sees it: houses are produced at {@code rate} per
 * second with their send time as timestamp; a {@code read_committed} consumer of the predictions
 * measures arrival time minus that timestamp (a prediction keeps its input's timestamp). The first
 * second is warm-up and not counted.
 */
public final class LatencyRun {

    /** Milliseconds from input timestamp to a committed prediction. */
    public record Latency(long samples, double p50, double p99, double max) {
    }

    private LatencyRun() {
    }

    public static Latency measure(String bootstrap, DescentConfig config, Properties streams, double rate,
                                  Duration duration) throws InterruptedException {
        long total = (long) (rate * duration.toSeconds());
        long warmUp = (long) rate;
        double[] latencies = new double[(int) total];
        AtomicBoolean stop = new AtomicBoolean();
        try (DescentApp app = new DescentApp(config, streams).start(Duration.ofSeconds(60));
             KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            TopicPartition predictions = new TopicPartition(config.topics().predictions(), 0);
            consumer.assign(List.of(predictions));
            consumer.seekToEnd(List.of(predictions));
            consumer.position(predictions);
            Thread producer = new Thread(() -> {
                try (HouseProducer houses = new HouseProducer(bootstrap, Map.of())) {
                    houses.produce(config.topics().input(), new HouseGenerator(7).limit(total), rate, p -> { }, stop::get);
                }
            }, "latency-producer");
            producer.start();
            int received = 0;
            long deadline = System.nanoTime() + duration.plusSeconds(60).toNanos();
            while (received < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (received < total) {
                        latencies[received++] = System.currentTimeMillis() - r.timestamp();
                    }
                }
            }
            stop.set(true);
            producer.join();
            double[] counted = Arrays.copyOfRange(latencies, (int) Math.min(warmUp, received), received);
            Arrays.sort(counted);
            if (counted.length == 0) {
                throw new IllegalStateException("no prediction arrived within " + duration.plusSeconds(60));
            }
            return new Latency(counted.length, percentile(counted, 0.50), percentile(counted, 0.99),
                    counted[counted.length - 1]);
        }
    }

    static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
