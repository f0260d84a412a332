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
 *   input ──▶ validate ──▶ learn (store "learners") ──▶ predictions, loss, models
 *                 └──────▶ dead-letters
 * </pre>
 *
 * Every record is parsed once and every learner sees it in the same pass. The learners of one
 * application form one global model each, so the input topic must have a single partition
 * (see README, "Partitions").
 */
public final class DescentTopology {
    public static final String STORE = "learners";
    static final String SOURCE = "input";
    static final String VALIDATE = "validate";
    static final String LEARN = "learn";
    static final String PREDICTIONS = "predictions-sink";
    static final String LOSS = "loss-sink";
    static final String MODELS = "models-sink";
    static final String DEAD_LETTERS = "dead-letters-sink";
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
        HouseParser parser = new HouseParser(config.schema());
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
        topology.addProcessor(VALIDATE,
                () -> new ValidateProcessor(parser, counters, LEARN, DEAD_LETTERS, config.inputEnd()), SOURCE);
        topology.addProcessor(LEARN, () -> new LearnProcessor(config, counters, live, checkpoints, STORE, PREDICTIONS, LOSS, MODELS), VALIDATE);
        topology.addStateStore(store, LEARN);
        topology.addSink(DEAD_LETTERS, topics.deadLetters(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), VALIDATE);
        topology.addSink(PREDICTIONS, topics.predictions(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), LEARN);
        topology.addSink(LOSS, topics.loss(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), LEARN);
        topology.addSink(MODELS, topics.models(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                LEARN);
        return topology;
    }
}
