package dev.descent.topology;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One task's processing figures: records in, predictions, dead letters by reason. The task puts
 * them in its store at every commit, in the same transaction as its input offsets, and reads
 * them back whenever it is (re)initialized; so after an aborted transaction, whose records are
 * processed again, they are counted once.
 */
final class TaskCounts {
    private static final int RECORDS_IN = 0;
    private static final int PREDICTIONS = 1;
    private static final int DEAD_LETTERS = 2;
    private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

    /** One writer, the task's stream thread; readers are the metrics and the live page. */
    private final AtomicLongArray values = new AtomicLongArray(DEAD_LETTERS + REASONS.length);

    void recordIn() {
        increment(RECORDS_IN);
    }

    void prediction() {
        increment(PREDICTIONS);
    }

    void deadLetter(DeadLetterReason reason) {
        increment(DEAD_LETTERS + reason.ordinal());
    }

    private void increment(int i) {
        values.setRelease(i, values.getPlain(i) + 1);
    }

    long recordsIn() {
        return values.getAcquire(RECORDS_IN);
    }

    long predictions() {
        return values.getAcquire(PREDICTIONS);
    }

    long deadLetters(DeadLetterReason reason) {
        return values.getAcquire(DEAD_LETTERS + reason.ordinal());
    }

    /** The figures as stored: their number, then each; dead letters in {@link DeadLetterReason}'s order. */
    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + Long.BYTES * values.length()).putInt(values.length());
        for (int i = 0; i < values.length(); i++) {
            out.putLong(values.getPlain(i));
        }
        return out.array();
    }

    /** Back to the stored figures; all zero for a task that has none stored yet. */
    void restore(byte[] stored) {
        ByteBuffer in = stored == null ? ByteBuffer.allocate(Integer.BYTES) : ByteBuffer.wrap(stored);
        int count = in.getInt();
        for (int i = 0; i < values.length(); i++) {
            values.setRelease(i, i < count ? in.getLong() : 0);
        }
    }
}
