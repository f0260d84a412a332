package dev.descent.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this instance has processed since it started: input records, dead letters by reason,
 * predictions and, on an input of several partitions, the deltas it merged (if it runs the merger). Live figures for progress lines and metrics, kept in memory (not state): a record
 * reprocessed after a failure counts again, as work done.
 */
public final class ProcessingCounters {
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder predictions = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final LongAdder mergedDeltas = new LongAdder();
    private final LongAdder duplicateDeltas = new LongAdder();
    private final LongAdder staleVersions = new LongAdder();

    public ProcessingCounters() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, new LongAdder());
        }
    }

    void recordIn() {
        recordsIn.increment();
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    void prediction() {
        predictions.increment();
    }

    /** A delta merged {@code staleness} versions after the version it was learned on. */
    void mergedDelta(long staleness) {
        mergedDeltas.increment();
        staleVersions.add(staleness);
    }

    void duplicateDelta() {
        duplicateDeltas.increment();
    }

    public long mergedDeltas() {
        return mergedDeltas.sum();
    }

    /** Deltas that came again after being merged, and were not merged twice. */
    public long duplicateDeltas() {
        return duplicateDeltas.sum();
    }

    /** The versions merged between each delta's base and its own merge, summed over the merged deltas. */
    public long staleVersions() {
        return staleVersions.sum();
    }

    public long recordsIn() {
        return recordsIn.sum();
    }

    public long predictions() {
        return predictions.sum();
    }

    public long deadLetters(DeadLetterReason reason) {
        return deadLetters.get(reason).sum();
    }

    public long deadLetters() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
