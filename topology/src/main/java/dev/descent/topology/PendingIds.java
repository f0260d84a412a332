package dev.descent.topology;

import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which house ids a task's pending store may hold: a Bloom filter over its keys, so that the
 * listing of a new house does not ask the store for it. RocksJava answers a get of a missing key by
 * throwing and catching a C++ exception inside its JNI call: with every listing asking for a house
 * not there, that unwinding was about an eighth of the stream thread's time.
 *
 * <p>Never a false "absent" (every id put is added, and the filter is built from the store's keys);
 * a false "maybe", about 1% of absent ids, costs one get. Ids leave the store but not the filter,
 * so once it has taken as many ids as it was sized for, it is built again from the store.
 */
final class PendingIds {
    private static final int BITS_PER_ID = 10;
    private static final int PROBES = 7;
    private static final long MIN_CAPACITY = 1 << 16;

    private final KeyValueStore<String, byte[]> store;
    private long[] bits;
    private long capacity;
    private long held;

    /** The filter of {@code store}'s keys as they are now. */
    PendingIds(KeyValueStore<String, byte[]> store) {
        this.store = store;
        rebuild();
    }

    boolean mayHold(String id) {
        return mayHold(hash(id));
    }

    /** {@code id} is in the store now. */
    void add(String id) {
        long h = hash(id);
        if (mayHold(h)) {
            return;
        }
        if (++held > capacity) {
            rebuild();      // the store holds id already, so the new filter has it
            return;
        }
        set(h);
    }

    private boolean mayHold(long h) {
        for (int i = 0; i < PROBES; i++) {
            long bit = probe(h, i);
            if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Sized for twice the store's keys, so that at least as many new ones again fit before the next build. */
    private void rebuild() {
        long[] hashes = new long[1024];
        int n = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                if (n == hashes.length) {
                    hashes = Arrays.copyOf(hashes, 2 * n);
                }
                hashes[n++] = hash(all.next().key);
            }
        }
        capacity = Math.max(MIN_CAPACITY, 2L * n);
        bits = new long[(int) ((capacity * BITS_PER_ID + 63) / 64)];
        held = n;
        for (int i = 0; i < n; i++) {
            set(hashes[i]);
        }
    }

    private void set(long h) {
        for (int i = 0; i < PROBES; i++) {
            long bit = probe(h, i);
            bits[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    /** The {@code i}th bit of hash {@code h}: double hashing, the step from its upper half. */
    private long probe(long h, int i) {
        return Long.remainderUnsigned(h + i * ((h >>> 32) | 1), bits.length * 64L);
    }

    /** 64-bit FNV-1a over the id's characters, then a finalizer that spreads it over every bit. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
