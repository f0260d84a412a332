package dev.descent.topology;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's processing figures: records in, predictions, dead letters by reason, and with
 * {@link Listings} the listings pending, sold and expired. The task puts
 * them in its store at every commit, in the same transaction as its input offsets, and reads
 * them back whenever it is (re)initialized; so after an aborted transaction, whose records are
 * processed again, they are counted once. With {@link ModelKeys} the validate task, a sub-topology
 * of its own, keeps its figures (records in, malformed records) in a store of its own.
 */
final class TaskCounts {
    /** The figures' key in the task's store: a control character, so no learner id or model key is the same. */
    static final String STORE_KEY = "\u0000";
    private static final int RECORDS_IN = 0;
    private static final int PREDICTIONS = 1;
    private static final int DEAD_LETTERS = 2;
    /**
     * The reasons there were before listings' figures came; the later ones are counted after those
     * figures, so that every figure keeps its place in what earlier versions stored.
     */
    private static final int FIRST_REASONS = DeadLetterReason.NO_MODEL_KEY.ordinal();
    /** After the dead letters: figures stored by a version without them read back as 0, none moves. */
    private static final int PENDING = DEAD_LETTERS + FIRST_REASONS;
    private static final int SOLD = PENDING + 1;
    private static final int EXPIRED = SOLD + 1;
    private static final int LATER_REASONS = EXPIRED + 1;

    /** One writer, the task's stream thread; readers are the metrics and the live page. */
    private final AtomicLongArray values = new AtomicLongArray(
            LATER_REASONS + DeadLetterReason.values().length - FIRST_REASONS);
    /** Changes so far, so that the task puts its figures only when they changed. */
    private long changes;
    /** {@link #changes} as the figures were last put in the store or read from it. */
    private long changesPut;
    /** The first listing time of the oldest pending listing, or Long.MAX_VALUE; not stored, found again by the task. */
    private volatile long oldestListedAt = Long.MAX_VALUE;
    /** The task's stream time as its listings last saw it. */
    private volatile long streamTime = Long.MIN_VALUE;

    void recordIn() {
        increment(RECORDS_IN);
    }

    void prediction() {
        increment(PREDICTIONS);
    }

    void deadLetter(DeadLetterReason reason) {
        increment(index(reason));
    }

    private static int index(DeadLetterReason reason) {
        return reason.ordinal() < FIRST_REASONS ? DEAD_LETTERS + reason.ordinal()
                : LATER_REASONS + reason.ordinal() - FIRST_REASONS;
    }

    /** A house listed that was not pending. */
    void listed() {
        increment(PENDING);
    }

    /** A pending listing's sale came. */
    void sale() {
        add(PENDING, -1);
        increment(SOLD);
    }

    /** A pending listing waited longer than the label window. */
    void expiry() {
        add(PENDING, -1);
        increment(EXPIRED);
    }

    void listingTimes(long oldestListedAt, long streamTime) {
        this.oldestListedAt = oldestListedAt;
        this.streamTime = streamTime;
    }

    private void increment(int i) {
        add(i, 1);
    }

    private void add(int i, long delta) {
        values.setRelease(i, values.getPlain(i) + delta);
        changes++;
    }

    long recordsIn() {
        return values.getAcquire(RECORDS_IN);
    }

    long predictions() {
        return values.getAcquire(PREDICTIONS);
    }

    long deadLetters(DeadLetterReason reason) {
        return values.getAcquire(index(reason));
    }

    long pending() {
        return values.getAcquire(PENDING);
    }

    long sold() {
        return values.getAcquire(SOLD);
    }

    long expired() {
        return values.getAcquire(EXPIRED);
    }

    /** Event time the oldest pending listing has waited, in milliseconds; 0 with none pending. */
    long oldestPendingAgeMillis() {
        long oldest = oldestListedAt;
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, streamTime - oldest);
    }

    /** Back to the figures {@code store} holds (all zero if none yet), as its task is (re)initialized. */
    void restoreFrom(KeyValueStore<String, byte[]> store) {
        byte[] stored = store.get(STORE_KEY);
        ByteBuffer in = stored == null ? ByteBuffer.allocate(Integer.BYTES) : ByteBuffer.wrap(stored);
        int count = in.getInt();
        for (int i = 0; i < values.length(); i++) {
            values.setRelease(i, i < count ? in.getLong() : 0);
        }
        changesPut = changes;
    }

    /** Puts the figures in {@code store} if they changed since they were last put or restored: at a commit. */
    void putIfChanged(KeyValueStore<String, byte[]> store) {
        if (changes == changesPut) {
            return;
        }
        changesPut = changes;
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + Long.BYTES * values.length()).putInt(values.length());
        for (int i = 0; i < values.length(); i++) {
            out.putLong(values.getPlain(i));
        }
        store.put(STORE_KEY, out.array());
    }
}
