package dev.descent.topology;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many of a task's pending listings were first listed on each day (event time), so that the
 * oldest pending listing's age is known to the day without reading the pending store: a sold
 * house's entry stays there as its sold mark until its listing's deadline, ahead of younger
 * listings. At most a label window's worth of days; stored beside the learners.
 */
final class ListingDays {
    private static final long DAY = 86_400_000L;
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private boolean changed;

    void listed(long listedAt) {
        counts.merge(Math.floorDiv(listedAt, DAY), 1L, Long::sum);
        changed = true;
    }

    /** A listing first listed at {@code listedAt} is pending no more: sold or expired. */
    void gone(long listedAt) {
        counts.computeIfPresent(Math.floorDiv(listedAt, DAY), (day, n) -> n > 1 ? n - 1 : null);
        changed = true;
    }

    /** The start of the oldest pending listing's day, or Long.MAX_VALUE with none pending. */
    long oldest() {
        return counts.isEmpty() ? Long.MAX_VALUE : counts.firstKey() * DAY;
    }

    /** Whether it changed since it was last encoded. */
    boolean changed() {
        return changed;
    }

    byte[] encode() {
        changed = false;
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + 2 * Long.BYTES * counts.size()).putInt(counts.size());
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            out.putLong(e.getKey()).putLong(e.getValue());
        }
        return out.array();
    }

    void restore(byte[] stored) {
        counts.clear();
        ByteBuffer in = ByteBuffer.wrap(stored);
        for (int n = in.getInt(); n > 0; n--) {
            counts.put(in.getLong(), in.getLong());
        }
        changed = false;
    }
}
