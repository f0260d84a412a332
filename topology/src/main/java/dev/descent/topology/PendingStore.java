package dev.descent.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A task's {@link PendingHouse}s by house id, and an index of them by kind and deadline so that
 * what is due is found by a range scan, not by reading every house. Both are RocksDB stores with
 * changelogs: millions of listings live on disk, not on the heap, and commit with the learners and
 * the input offsets.
 */
final class PendingStore {
    static final String HOUSES = "pending-houses";
    static final String DEADLINES = "pending-deadlines";
    private static final byte[] NOTHING = new byte[0];
    /** Houses handed out per scan, so that a long pause in the input does not load every due house at once. */
    private static final int DUE_BATCH = 10_000;

    private final KeyValueStore<String, byte[]> houses;
    private final KeyValueStore<Bytes, byte[]> deadlines;
    private final PendingIds ids;

    /** The task's stores, as restored: made when its processor is (re)initialized. */
    PendingStore(ProcessorContext<?, ?> context) {
        this.houses = context.getStateStore(HOUSES);
        this.deadlines = context.getStateStore(DEADLINES);
        this.ids = new PendingIds(houses);
    }

    /**
     * The two stores, not cached: a listing and its sale are days apart, far more than a commit
     * interval, so a cache saved no write and its bookkeeping cost 13% of the stream thread's time.
     */
    static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOUSES), Serdes.String(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.Bytes(),
                        Serdes.ByteArray()));
    }

    PendingHouse get(String id) {
        byte[] stored = ids.mayHold(id) ? houses.get(id) : null;
        return stored == null ? null : PendingHouse.decode(stored);
    }

    /** Keeps {@code house} for {@code id} in place of {@code previous} (null if none). */
    void put(String id, PendingHouse previous, PendingHouse house) {
        houses.put(id, house.encode());
        ids.add(id);
        if (previous != null && previous.deadlineGroup() == house.deadlineGroup() && previous.deadline() == house.deadline()) {
            return;     // a sale or a listing update: the index stays as it is
        }
        if (previous != null) {
            deadlines.delete(deadlineKey(previous.deadlineGroup(), previous.deadline(), id));
        }
        deadlines.put(deadlineKey(house.deadlineGroup(), house.deadline(), id), NOTHING);
    }

    void remove(String id, PendingHouse house) {
        deadlines.delete(deadlineKey(house.deadlineGroup(), house.deadline(), id));
        houses.delete(id);
    }

    /**
     * Up to a batch of the ids whose deadline in {@code group} ({@link PendingHouse#deadlineGroup()})
     * is at or before {@code time}, soonest first.
     */
    List<String> due(byte group, long time) {
        List<String> due = new ArrayList<>();
        Bytes to = deadlineKey(group, time == Long.MAX_VALUE ? time : time + 1, "");
        try (KeyValueIterator<Bytes, byte[]> range = deadlines.range(deadlineKey(group, Long.MIN_VALUE, ""), to)) {
            while (range.hasNext() && due.size() < DUE_BATCH) {
                byte[] key = range.next().key.get();
                if (key.length > 1 + Long.BYTES) {
                    due.add(new String(key, 1 + Long.BYTES, key.length - 1 - Long.BYTES, StandardCharsets.UTF_8));
                }
            }
        }
        return due;
    }

    /** Group, then the deadline with its sign bit flipped (so that unsigned byte order is time order), then the id. */
    private static Bytes deadlineKey(byte group, long deadline, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + idBytes.length).put(group)
                .putLong(deadline ^ Long.MIN_VALUE).put(idBytes).array());
    }
}
