package dev.descent.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the JVM (the pending listings, see {@link Listings}):
 * a block cache of {@value #CACHE_MB} MB shared by the stores, their memtables charged to it. Kafka
 * Streams' own default gives each store a 50 MB cache and up to three 16 MB memtables, each store
 * of each task again, on top of the heap.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    static final long CACHE_MB = 64;
    private static final long MB = 1024 * 1024;

    /**
     * Made on first use, by a store: Kafka Streams loads this class to check its configuration before
     * it loads RocksDB's native library, which the cache needs.
     */
    private static final class Budget {
        private static final Cache CACHE = new LRUCache(CACHE_MB * MB, -1, false, 0.1);
        /** Memtables may take half the cache; the rest holds data blocks, indexes and filters. */
        private static final WriteBufferManager MEMTABLES = new WriteBufferManager(CACHE_MB * MB / 2, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Budget.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(Budget.MEMTABLES);
        options.setWriteBufferSize(8 * MB);
        options.setMaxWriteBufferNumber(2);
    }

    /** The cache and the write buffer manager are every store's: a store that closes leaves them to the others. */
    @Override
    public void close(String storeName, Options options) {
    }
}
