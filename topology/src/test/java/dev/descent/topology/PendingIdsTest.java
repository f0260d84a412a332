package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The pending store's filter of ids: never a false "absent", rarely a false "maybe", rebuilt as ids come and go. */
class PendingIdsTest {

    private static KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("houses"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static double falseMaybes(PendingIds ids, String prefix, int n) {
        int maybe = 0;
        for (int i = 0; i < n; i++) {
            maybe += ids.mayHold(prefix + i) ? 1 : 0;
        }
        return (double) maybe / n;
    }

    @Test
    void holdsEveryIdPutThroughItsRebuildsAndRarelyOneNotPut() {
        KeyValueStore<String, byte[]> store = store();
        PendingIds ids = new PendingIds(store);
        // 300,000 ids: past the first sizing (65,536) and the builds after it
        for (int i = 0; i < 300_000; i++) {
            store.put("house-" + i, new byte[] {1});
            ids.add("house-" + i);
        }
        for (int i = 0; i < 300_000; i++) {
            assertTrue(ids.mayHold("house-" + i), "house-" + i);
        }
        double rate = falseMaybes(ids, "other-", 100_000);
        assertTrue(rate < 0.02, "false maybes " + rate);
    }

    @Test
    void aFilterBuiltOnAStoreHoldsItsKeys() {
        KeyValueStore<String, byte[]> store = store();
        for (int i = 0; i < 10_000; i++) {
            store.put("h" + i, new byte[] {1});
        }
        PendingIds ids = new PendingIds(store);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(ids.mayHold("h" + i), "h" + i);
        }
        assertTrue(falseMaybes(ids, "x", 10_000) < 0.02);
    }

    @Test
    void idsGoneFromTheStoreLeaveTheFilterAtItsNextBuild() {
        KeyValueStore<String, byte[]> store = store();
        PendingIds ids = new PendingIds(store);
        for (int i = 0; i < 60_000; i++) {
            store.put("old-" + i, new byte[] {1});
            ids.add("old-" + i);
        }
        for (int i = 0; i < 60_000; i++) {
            store.delete("old-" + i);
        }
        assertEquals(1.0, falseMaybes(ids, "old-", 60_000), "still in the filter, until it is built again");
        for (int i = 0; i < 10_000; i++) {     // past its 65,536 ids: built again from the store
            store.put("new-" + i, new byte[] {1});
            ids.add("new-" + i);
        }
        assertTrue(falseMaybes(ids, "old-", 60_000) < 0.02, "the old ids left with the build");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(ids.mayHold("new-" + i), "new-" + i);
        }
    }
}
