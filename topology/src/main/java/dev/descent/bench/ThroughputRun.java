package dev.descent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
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
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

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

    /** Records per second of a run, and the CPU time its app's threads took per record. */
    public record Throughput(double recordsPerSecond, double cpuMicrosPerRecord) {
    }

    /**
     * Instances of one Descent application ({@code group}), started here one after the other, over the
     * first {@code records} records of every partition of {@code input}: records per second until
     * every partition's last record is committed, and the CPU time of the application's threads
     * (every thread whose name holds the application id: stream threads, their Kafka clients' I/O
     * threads, the global store's thread) per record.
     */
    public static Throughput measure(List<DescentApp> apps, String group, Admin admin, String input, int partitions,
                                     long records, Duration timeout) throws InterruptedException {
        return measure(apps, group, admin, input, partitions, records, null, timeout);
    }

    /**
     * The same, for an app whose validate task writes the records to {@code repartition} (model keys):
     * the run ends once the learn tasks have committed every record of it too.
     */
    public static Throughput measure(List<DescentApp> apps, String group, Admin admin, String input, int partitions,
                                     long records, String repartition, Duration timeout) throws InterruptedException {
        for (DescentApp app : apps) {
            app.start(Duration.ofSeconds(60));      // the second joins the first: a rebalance, timed as part of the run
        }
        long cpu = appCpuNanos(group);
        long start = System.nanoTime();
        TopicAdmin topics = new TopicAdmin(admin);
        List<TopicPartition> inputs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            inputs.add(new TopicPartition(input, p));
        }
        awaitCommitted(topics, group, inputs, records, timeout);
        if (repartition != null) {
            // Once the input is committed, so is every record it put on the repartition topic.
            List<TopicPartition> keyed = new ArrayList<>();
            for (int p = 0; p < topics.partitionCounts(Set.of(repartition)).get(repartition); p++) {
                keyed.add(new TopicPartition(repartition, p));
            }
            long end = 0;
            for (long offset : endOffsets(admin, keyed)) {
                end += offset;
            }
            awaitCommitted(topics, group, keyed, end, timeout);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Throughput(records / seconds, (appCpuNanos(group) - cpu) / 1e3 / records);
    }

    private static void awaitCommitted(TopicAdmin topics, String group, List<TopicPartition> partitions, long records,
                                       Duration timeout) throws InterruptedException {
        Poll.until(timeout, POLL_INTERVAL, () -> {
            long committed = 0;
            for (TopicPartition partition : partitions) {
                committed += topics.committedOffset(group, partition);
            }
            return committed >= records;
        }, () -> new IllegalStateException(group + " did not process " + records + " records of " + partitions
                + " within " + timeout));
    }

    private static List<Long> endOffsets(Admin admin, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .map(ListOffsetsResult.ListOffsetsResultInfo::offset).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + partitions, e);
        }
    }

    private static long appCpuNanos(String group) {
        long sum = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(group)) {
                sum += Math.max(0, CPU.getThreadCpuTime(thread.getId()));
            }
        }
        return sum;
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
