package dev.descent.bench;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import dev.descent.Poll;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.DescentApp;

/**
 * Times one Streams app through a preloaded topic: from RUNNING until the app has committed the
 * input offset of the last record. Committed offsets are read with the admin client every 20 ms, so
 * no extra consumer competes for the CPU; every app commits every 100 ms, which bounds the error.
 */
public final class ThroughputRun {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private ThroughputRun() {
    }

    /** Records per second of {@code topology} over the first {@code records} records of {@code input}. */
    public static double measure(Topology topology, Properties properties, Admin admin, String input, long records,
                                 Duration timeout) throws InterruptedException {
        String group = properties.getProperty("application.id");
        CountDownLatch running = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(topology, properties)) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(group + " did not start within 60 s");
            }
            return untilCommitted(admin, group, input, records, timeout);
        }
    }

    /** The same for a Descent app, started here, whose application id is {@code group}. */
    public static double measure(DescentApp app, String group, Admin admin, String input, long records,
                                 Duration timeout) throws InterruptedException {
        app.start(Duration.ofSeconds(60));
        return untilCommitted(admin, group, input, records, timeout);
    }

    private static double untilCommitted(Admin admin, String group, String input, long records, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        TopicPartition partition = new TopicPartition(input, 0);
        TopicAdmin topics = new TopicAdmin(admin);
        Poll.until(timeout, POLL_INTERVAL, () -> topics.committedOffset(group, partition) >= records,
                () -> new IllegalStateException(group + " did not process " + records + " records within " + timeout));
        return records / ((System.nanoTime() - start) / 1e9);
    }
}
