package dev.descent.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The learners' store, which lets the topology write its learners just before Kafka Streams
 * commits, instead of after every record.
 *
 * <p>Under exactly-once the store must hold every learner as of the last processed record
 * whenever offsets are committed, or a crash would lose or repeat steps. Encoding every learner
 * (tens of kilobytes for an MLP with Adam) into the store after each record did that, but it
 * was a quarter of the topology's time. Kafka Streams empties its store caches into the
 * changelog first thing in every commit, whoever triggers it (the commit interval, a request,
 * a rebalance, shutdown): this store runs the task's checkpoint there, so the learners that
 * changed are put just in time, in the same transaction as the offsets.
 *
 * <p>That order is Kafka Streams' internals, not its API, and was checked on Kafka 4.3.1 (the
 * version in pom.xml). Every commit (the interval and requests in
 * {@code TaskExecutor.commitTasksAndMaybeUpdateCommittableOffsets}, a revocation in
 * {@code TaskManager.handleRevocation}, a clean close in {@code TaskManager.tryCloseCleanActiveTasks})
 * first calls {@code StreamTask.prepareCommit}, whose {@code flush()} calls
 * {@code ProcessorStateManager.flushCache()} (which calls {@link #flushCache()} on each store that
 * is a {@code CachedStateStore}; this one is, as a {@link WrappedStateStore}) and then flushes the
 * record collector; only after that does {@code TaskExecutor.commitOffsetsOrTransaction} hand the
 * offsets to {@code StreamsProducer.commitTransaction}. {@link #commit(Map)} comes later, from
 * {@code postCommit} or a close, and finds nothing changed. {@code CommitOrderTest} fails if an
 * upgrade changes that order.
 */
final class CheckpointingStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]>
        implements KeyValueStore<String, byte[]> {

    /** Checkpoints by task, filled by the processors and run by the stores of the same tasks. */
    static final class Checkpoints {
        private final Map<TaskId, Runnable> byTask = new ConcurrentHashMap<>();

        void register(TaskId task, Runnable checkpoint) {
            byTask.put(task, checkpoint);
        }

        void run(TaskId task) {
            Runnable checkpoint = task == null ? null : byTask.get(task);
            if (checkpoint != null) {
                checkpoint.run();
            }
        }
    }

    private final Checkpoints checkpoints;
    private TaskId task;

    private CheckpointingStore(KeyValueStore<String, byte[]> inner, Checkpoints checkpoints) {
        super(inner);
        this.checkpoints = checkpoints;
    }

    /** {@code builder}'s store, checkpointing through {@code checkpoints}. */
    static StoreBuilder<CheckpointingStore> builder(StoreBuilder<KeyValueStore<String, byte[]>> builder,
                                                    Checkpoints checkpoints) {
        return new StoreBuilder<>() {
            @Override public StoreBuilder<CheckpointingStore> withCachingEnabled() { builder.withCachingEnabled(); return this; }
            @Override public StoreBuilder<CheckpointingStore> withCachingDisabled() { builder.withCachingDisabled(); return this; }
            @Override public StoreBuilder<CheckpointingStore> withLoggingEnabled(Map<String, String> config) {
                builder.withLoggingEnabled(config);
                return this;
            }
            @Override public StoreBuilder<CheckpointingStore> withLoggingDisabled() { builder.withLoggingDisabled(); return this; }
            @Override public CheckpointingStore build() { return new CheckpointingStore(builder.build(), checkpoints); }
            @Override public Map<String, String> logConfig() { return builder.logConfig(); }
            @Override public boolean loggingEnabled() { return builder.loggingEnabled(); }
            @Override public String name() { return builder.name(); }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        task = context.taskId();
        super.init(context, root);
    }

    @Override
    public void flushCache() {
        checkpoints.run(task);
        super.flushCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        checkpoints.run(task);
        super.commit(changelogOffsets);
    }

    @Override public void put(String key, byte[] value) { wrapped().put(key, value); }
    @Override public byte[] putIfAbsent(String key, byte[] value) { return wrapped().putIfAbsent(key, value); }
    @Override public void putAll(List<KeyValue<String, byte[]>> entries) { wrapped().putAll(entries); }
    @Override public byte[] delete(String key) { return wrapped().delete(key); }
    @Override public byte[] get(String key) { return wrapped().get(key); }
    @Override public KeyValueIterator<String, byte[]> range(String from, String to) { return wrapped().range(from, to); }
    @Override public KeyValueIterator<String, byte[]> reverseRange(String from, String to) { return wrapped().reverseRange(from, to); }
    @Override public KeyValueIterator<String, byte[]> all() { return wrapped().all(); }
    @Override public KeyValueIterator<String, byte[]> reverseAll() { return wrapped().reverseAll(); }
    @Override public long approximateNumEntries() { return wrapped().approximateNumEntries(); }
}
