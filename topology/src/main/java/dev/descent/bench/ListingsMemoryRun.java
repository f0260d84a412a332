package dev.descent.bench;

import dev.descent.Poll;
import dev.descent.chaos.DescentProcess;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Listings;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What a million pending listings cost an instance: {@code descent run --listings} in a JVM of its
 * own over the listings topic, its resident memory sampled from /proc while it works through it;
 * then, after a clean stop, how long a new instance (an empty state directory) and a restarted one
 * (the same directory) take to restore the pending stores before they process a record.
 */
public final class ListingsMemoryRun {
    static final String APP = "bench-listings-memory";
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);

    /**
     * @param peakRssBytes   the largest resident set sampled
     * @param pending        listings pending after the run, as the restored instance counts them
     * @param restoreNew     seconds until a new instance, restoring from the changelogs, is running
     * @param restoreRestart seconds until an instance restarted on the stopped one's directory is running
     */
    public record Memory(double recordsPerSecond, long peakRssBytes, long pending, double restoreNew,
                         double restoreRestart) {
    }

    private ListingsMemoryRun() {
    }

    static Memory measure(String bootstrap, Admin admin, String input, long records, String grid, List<String> jvmOptions,
                          Schema schema, List<LearnerConfig> learners, Path state, Duration timeout)
            throws InterruptedException {
        TopicAdmin topics = new TopicAdmin(admin);
        TopicPartition partition = new TopicPartition(input, 0);
        List<Long> rss = new ArrayList<>();
        double seconds;
        DescentProcess child = DescentProcess.start(state.resolveSibling("memory.log"), jvmOptions, "run",
                "--bootstrap-servers", bootstrap, "--input-topic", input, "--application-id", APP, "--listings",
                "--grid", grid, "--http-port", "0", "--state-dir", state.resolve("run").toString());
        try {
            long start = System.nanoTime();
            Poll.until(timeout, SAMPLE_INTERVAL, () -> {
                if (!child.alive()) {
                    throw new IllegalStateException("descent run --listings ended: " + child.tail());
                }
                rss.add(child.rssBytes());
                return topics.committedOffset(APP, partition) >= records;
            }, () -> new IllegalStateException(APP + " did not process " + records + " records within " + timeout));
            seconds = (System.nanoTime() - start) / 1e9;
        } finally {
            child.terminate();
        }
        DescentConfig config = new DescentConfig(Topics.withInput(input), schema, learners, 100, 1000)
                .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
        RestoredInstance fresh = restore(bootstrap, config, state.resolve("new"), timeout);
        RestoredInstance again = restore(bootstrap, config, state.resolve("new"), timeout);
        return new Memory(records / seconds, rss.stream().mapToLong(Long::longValue).max().orElse(-1), fresh.pending(),
                fresh.seconds(), again.seconds());
    }

    private record RestoredInstance(double seconds, long pending) {
    }

    /**
     * Starts an instance on {@code dir} and times it until it has restored its stores and runs, its
     * pending listings counted (the topic has houses never sold); then stops it cleanly.
     */
    private static RestoredInstance restore(String bootstrap, DescentConfig config, Path dir, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        try (DescentApp app = new DescentApp(config, StreamsSettings.properties(APP, bootstrap, true,
                Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.toString())))) {
            app.start(timeout);
            Poll.until(timeout, Duration.ofMillis(20),
                    () -> app.status().equals("running") && app.counters().pendingListings() > 0,
                    () -> new IllegalStateException(APP + " did not restore within " + timeout + ": " + app.status()));
            return new RestoredInstance((System.nanoTime() - start) / 1e9, app.counters().pendingListings());
        }
    }
}
