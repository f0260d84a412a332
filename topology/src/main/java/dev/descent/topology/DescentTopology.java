package dev.descent.topology;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Descent topology, a pure function of its configuration (no I/O):
 *
 * <pre>
 *   input ──▶ validate ──▶ learn (store "learners") ──▶ predictions, loss, models, drift
 *                 └──────▶ dead-letters ◀──┘ (with listings: sales not learned; and expired listings)
 * </pre>
 *
 * With {@link Listings} the learn task keeps pending listings in two RocksDB stores
 * ({@link PendingStore}) until their sales come.
 *
 * <p>With {@link ModelKeys} validate and learn are two sub-topologies, joined by the repartition
 * topic that brings each model key's records to one partition, in order (docs/keyed.md):
 *
 * <pre>
 *   input ──▶ validate (store "validate-counts") ──▶ keyed (topic, by model key) ──▶ learn (global and per-key learners) ──▶ …
 * </pre>
 *
 * Every record is parsed once and every learner sees it in the same pass. On an input of several
 * partitions ({@link Replication}) each partition's learn task holds replicas of the learners,
 * and two more parts keep them one global model each (docs/partitions.md):
 *
 * <pre>
 *   learn ──▶ deltas (topic, 1 partition) ──▶ merge (store "merged-learners") ──▶ models
 *   models ──▶ global store "global-learners" ──▶ read by every learn task to rebase its replicas
 * </pre>
 */
public final class DescentTopology {
    public static final String STORE = "learners";
    /** The merger's global learners, on an input of several partitions. */
    public static final String MERGED_STORE = "merged-learners";
    /** With {@link ModelKeys}: the validate task's figures, apart from the learn task's. */
    public static final String VALIDATE_STORE = "validate-counts";
    /** Every instance's copy of the newest global versions, from the models topic. */
    public static final String VERSIONS_STORE = "global-learners";
    static final String SOURCE = "input";
    static final String VALIDATE = "validate";
    static final String LEARN = "learn";
    static final String PREDICTIONS = "predictions-sink";
    static final String LOSS = "loss-sink";
    static final String MODELS = "models-sink";
    static final String DEAD_LETTERS = "dead-letters-sink";
    /** Validate's own way to the dead letters, so that with {@link ModelKeys} it stays apart from learn. */
    static final String INVALID = "invalid-sink";
    static final String KEYED = "keyed-sink";
    static final String KEYED_SOURCE = "keyed";
    static final String DRIFT = "drift-sink";
    static final String EXPIRED = "expired-sink";
    static final String DELTAS = "deltas-sink";
    static final String DELTAS_SOURCE = "deltas";
    static final String MERGE = "merge";
    static final String VERSIONS_SOURCE = "models-source";
    static final String VERSIONS = "global-versions";
    /**
     * The learners' changelog takes every changed learner at every commit (several a second): a
     * demo wrote about a gigabyte an hour to it, all of it in the broker's default 1 GB open
     * segment, which compaction spares. With the models topic's small segments it stays near the
     * latest states, and so does the restore of a new instance.
     */
    static final Map<String, String> CHANGELOG = Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, Topics.COMPACTED_SEGMENT_BYTES);

    private DescentTopology() {
    }

    public static Topology build(DescentConfig config) {
        return build(config, new ProcessingCounters(), new LiveLearners(config.learners()));
    }

    /** The topology, counting what it processes into {@code counters} and publishing its learners to {@code live}. */
    public static Topology build(DescentConfig config, ProcessingCounters counters, LiveLearners live) {
        Topics topics = config.topics();
        HouseParser parser = new HouseParser(config.schema(), config.listings().on(), config.modelKeys());
        CheckpointingStore.Checkpoints checkpoints = new CheckpointingStore.Checkpoints();
        StoreBuilder<CheckpointingStore> store = CheckpointingStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()), checkpoints)
                // A few kilobytes per learner: kept in memory, made durable by the changelog, and restored
                // from it on a restart. RocksDB would add a memtable flush to every commit (ten a
                // second under exactly-once) for nothing. The learners are put at each commit; the
                // cache keeps the store's reads cheap.
                .withCachingEnabled()
                .withLoggingEnabled(CHANGELOG);
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.input());
        boolean keyed = config.modelKeys().on();
        topology.addProcessor(VALIDATE, () -> new ValidateProcessor(parser, counters, keyed ? KEYED : LEARN, INVALID,
                config.inputEnd(), keyed ? new ValidateProcessor.Keyed(VALIDATE_STORE, checkpoints) : null), SOURCE);
        if (keyed) {
            topology.addStateStore(CheckpointingStore.builder(Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(VALIDATE_STORE), Serdes.String(), Serdes.ByteArray()), checkpoints)
                    .withLoggingEnabled(CHANGELOG), VALIDATE);
            topology.addSink(KEYED, topics.keyed(), Serdes.ByteArray().serializer(), KeyedRecordSerde.serializer(),
                    VALIDATE);
            topology.addSource(KEYED_SOURCE, Serdes.ByteArray().deserializer(), KeyedRecordSerde.deserializer(),
                    topics.keyed());
        }
        boolean replicated = config.replication().replicated();
        topology.addProcessor(LEARN, () -> new LearnProcessor(config, counters, live, checkpoints, STORE, PREDICTIONS, LOSS,
                MODELS, replicated ? VERSIONS_STORE : null, replicated ? DELTAS : null, DRIFT, DEAD_LETTERS, EXPIRED),
                keyed ? KEYED_SOURCE : VALIDATE);
        topology.addStateStore(store, LEARN);
        if (config.listings().on()) {
            PendingStore.builders().forEach(pending -> topology.addStateStore(pending, LEARN));
        }
        topology.addSink(INVALID, topics.deadLetters(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                VALIDATE);
        topology.addSink(DEAD_LETTERS, topics.deadLetters(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), LEARN);
        topology.addSink(EXPIRED, topics.expired(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                LEARN);
        topology.addSink(PREDICTIONS, topics.predictions(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), LEARN);
        topology.addSink(LOSS, topics.loss(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), LEARN);
        topology.addSink(DRIFT, topics.drift(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), LEARN);
        if (replicated) {
            addMerger(topology, config, counters);
        } else {
            topology.addSink(MODELS, topics.models(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                    LEARN);
        }
        return topology;
    }

    /** The deltas' way to the merger, the merger itself, and the versions' way back to every task. */
    private static void addMerger(Topology topology, DescentConfig config, ProcessingCounters counters) {
        Topics topics = config.topics();
        topology.addSink(DELTAS, topics.deltas(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                LEARN);
        topology.addSource(DELTAS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.deltas());
        topology.addProcessor(MERGE, () -> new MergeProcessor(config, counters, MERGED_STORE, MODELS), DELTAS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MERGED_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(CHANGELOG), MERGE);
        topology.addSink(MODELS, topics.models(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                MERGE);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSIONS_STORE), Serdes.String(),
                        Serdes.ByteArray()), VERSIONS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), topics.models(), VERSIONS,
                () -> new GlobalVersionsProcessor(VERSIONS_STORE));
    }
}
