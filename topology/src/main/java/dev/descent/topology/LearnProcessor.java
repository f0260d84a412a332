package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Test-then-train for every learner on one record: each learner predicts with its current
 * parameters; a labeled record is then scored and learned from. Emits one prediction record per
 * input (in the configured {@link PredictionFormat}), a loss report per learner every
 * {@code lossEvery} labeled records and a model snapshot every {@code modelsEvery}.
 *
 * <p>Learners live in memory between records. The learners that changed go to the store (backed
 * by a changelog) at every commit, in the same transaction as the input offsets (see
 * {@link CheckpointingStore}), so under exactly-once a crash neither loses nor repeats a step;
 * they are read back from the store whenever the task is (re)initialized.
 *
 * <p>On an input of several partitions each task holds a replica of every learner; its
 * {@link ReplicaSync} sends their deltas and rebases them, each prediction names the global
 * version it was made on, and the merger, not the replicas, writes the models topic.
 */
final class LearnProcessor implements Processor<byte[], HouseRecord, byte[], byte[]> {
    /**
     * Readers (progress lines, /metrics, the live page) want fresh figures, not one snapshot per
     * record per learner: a few per second suffice. On the wall clock, so the figures of the last
     * records are published when the input stops too.
     */
    private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(50);
    /**
     * The task's {@link TaskCounts} in the learners' store, put with the learners so that they
     * commit together; no learner id can be this key (ids have no control characters).
     */
    static final String COUNTS_KEY = "\u0000";

    private final DescentConfig config;
    private final ProcessingCounters counters;
    private final LiveLearners live;
    private final CheckpointingStore.Checkpoints checkpoints;
    private final String storeName;
    private final String predictionsNode;
    private final String lossNode;
    private final String modelsNode;
    private final String versionsStore;
    private final String deltasNode;
    private final List<LearnerSlot> slots = new ArrayList<>();
    private final List<byte[]> ids = new ArrayList<>();
    private ReplicaSync sync;
    private long[] predicted;
    private long[] versions;
    private double[] predictions;
    private double[] losses;
    private PredictionJson predictionJson;
    private boolean[] changed;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private TaskCounts counts;
    /** Records in as last put: the figures are put only after records, when Kafka Streams has a record context. */
    private long countsPut;

    /**
     * @param versionsStore on an input of several partitions, the global store of the learners'
     *                      newest versions, and {@code deltasNode} where the replicas' deltas go;
     *                      both null on a single partition
     */
    LearnProcessor(DescentConfig config, ProcessingCounters counters, LiveLearners live,
                   CheckpointingStore.Checkpoints checkpoints, String storeName, String predictionsNode, String lossNode,
                   String modelsNode, String versionsStore, String deltasNode) {
        this.config = config;
        this.counters = counters;
        this.live = live;
        this.checkpoints = checkpoints;
        this.storeName = storeName;
        this.predictionsNode = predictionsNode;
        this.lossNode = lossNode;
        this.modelsNode = modelsNode;
        this.versionsStore = versionsStore;
        this.deltasNode = deltasNode;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.counts = counters.task(context.taskId());
        counts.restore(store.get(COUNTS_KEY));
        countsPut = counts.recordsIn();
        int features = config.schema().featureCount();
        slots.clear();
        ids.clear();
        sync = config.replication().replicated()
                ? new ReplicaSync(config.replication(), context, context.getStateStore(versionsStore), deltasNode,
                        config.learners().size())
                : null;
        for (LearnerConfig learner : config.learners()) {
            byte[] stored = store.get(learner.id());
            slots.add(stored != null ? LearnerSlot.decode(stored)
                    : sync != null ? new LearnerSlot(sync.start(learner, features))
                    : new LearnerSlot(new Learner(learner, features)));
            ids.add(learner.id().getBytes(StandardCharsets.UTF_8));
        }
        versions = sync != null ? new long[slots.size()] : null;
        predicted = new long[slots.size()];
        changed = new boolean[slots.size()];
        predictions = new double[slots.size()];
        losses = new double[slots.size()];
        predictionJson = new PredictionJson(config.learners().stream().map(LearnerConfig::id).toList());
        checkpoints.register(context.taskId(), this::putChanged);
        publish();
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (sync != null) {
                sync.punctuate(slots, ids, now, changed);
            }
            publish();
        });
    }

    /**
     * Puts the learners that learned since the last commit, and the task's figures; Kafka Streams
     * runs it as a commit begins.
     */
    private void putChanged() {
        if (counts.recordsIn() != countsPut) {
            countsPut = counts.recordsIn();
            store.put(COUNTS_KEY, counts.encode());
        }
        for (int i = 0; i < slots.size(); i++) {
            if (changed[i]) {
                store.put(slots.get(i).learner().config().id(), slots.get(i).encode());
                changed[i] = false;
            }
        }
    }

    /** Every learner's figures as this partition has them; {@link LiveLearners} combines the partitions'. */
    private void publish() {
        int partition = context.taskId().partition();
        long now = System.currentTimeMillis();      // ReplicaSync times its syncs on the same clock
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            LearnerSnapshot snapshot = sync == null ? LearnerSnapshot.of(slot, predicted[i])
                    : LearnerSnapshot.of(slot, predicted[i], sync.sinceSync(i, now));
            live.publish(partition, snapshot, slot.score());
        }
    }

    @Override
    public void process(Record<byte[], HouseRecord> record) {
        HouseRecord house = record.value();
        boolean labeled = house.labeled();
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            Learner learner = slot.learner();
            predicted[i]++;
            if (versions != null) {
                versions[i] = slot.replica().baseVersion();
            }
            if (!labeled) {
                predictions[i] = learner.predict(house.features());
                continue;
            }
            double prediction = learner.learn(house.features(), house.label());
            slot.score(prediction, learner.config().target(house.label()));
            predictions[i] = prediction;
            losses[i] = learner.lastLoss();
            changed[i] = true;
            if (sync != null) {
                sync.learned(i, slot, ids.get(i), record.timestamp());
            }
            long records = learner.records();
            if (records % config.lossEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LossReport.json(LearnerSnapshot.of(slot, predicted[i]), record.timestamp()), record.timestamp()),
                        lossNode);
            }
            if (sync == null && records % config.modelsEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LearnerCodec.encode(learner), record.timestamp()), modelsNode);
            }
        }
        byte[] value = switch (config.predictionFormat()) {
            case JSON -> predictionJson.write(house.key(), house.label(), predictions, labeled ? losses : null, versions);
            case DOUBLES -> PredictionDoubles.write(house.label(), predictions);
        };
        context.forward(new Record<>(record.key(), value, record.timestamp()), predictionsNode);
        counts.prediction();
    }

    @Override
    public void close() {
        counters.closed(context.taskId());
    }
}
