package dev.descent.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this instance has processed since it started: input records, dead letters by reason and
 * predictions. Live figures for progress lines and metrics, kept in memory (not state): a record
 * reprocessed after a failure counts again, as work done.
 */
public final class ProcessingCounters {
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder predictions = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> deadLetters = new EnumMap<>(DeadLetterReason.class);

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
