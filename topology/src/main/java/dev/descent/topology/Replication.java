package dev.descent.topology;

import java.time.Duration;

/**
 * How the learners of an input topic with several partitions stay one global model each: every
 * partition's task holds a replica of every learner and sends what it learned every
 * {@code syncEvery} labeled records, or after {@code syncInterval} with anything unsent; one
 * merger folds those deltas into the global learners (docs/partitions.md). One partition is
 * today's sequential learner, with no replicas.
 */
public record Replication(int partitions, int syncEvery, Duration syncInterval) {
    public static final int DEFAULT_SYNC_EVERY = 100;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final Replication NONE = new Replication(1, DEFAULT_SYNC_EVERY, DEFAULT_SYNC_INTERVAL);

    public Replication {
        if (partitions < 1) {
            throw new IllegalArgumentException("an input topic has at least 1 partition, got " + partitions);
        }
        if (syncEvery < 1) {
            throw new IllegalArgumentException("--sync-every must be at least 1 labeled record, got " + syncEvery);
        }
        if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("--sync-interval must be positive, got " + syncInterval);
        }
    }

    /** Whether replicas learn side by side (more than one partition). */
    public boolean replicated() {
        return partitions > 1;
    }

    /** The same settings for an input of {@code count} partitions. */
    public Replication withPartitions(int count) {
        return new Replication(count, syncEvery, syncInterval);
    }
}
