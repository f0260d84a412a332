package dev.descent.topology;

import dev.descent.model.GlobalLearner;
import dev.descent.model.LearnerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one merger of an application learning from several partitions: the single task of the
 * single-partition deltas topic. It merges each replica's delta into its learner's global copy
 * (a delta seen twice counts once), keeps the global learners in its store, in the same
 * transaction as the deltas' offsets, and publishes each learner's newest version to the models
 * topic every 20 ms at most, which every task reads back to rebase its replicas.
 */
final class MergeProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(MergeProcessor.class);
    /** Versions published per learner at most this often: a replica waits that long at most to rebase. */
    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(20);

    private final DescentConfig config;
    private final ProcessingCounters counters;
    private final String storeName;
    private final String modelsNode;
    private final Map<String, GlobalLearner> learners = new HashMap<>();
    private final Set<String> unpublished = new LinkedHashSet<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    MergeProcessor(DescentConfig config, ProcessingCounters counters, String storeName, String modelsNode) {
        this.config = config;
        this.counters = counters;
        this.storeName = storeName;
        this.modelsNode = modelsNode;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        learners.clear();
        unpublished.clear();
        int features = config.schema().featureCount();
        for (LearnerConfig learner : config.learners()) {
            byte[] stored = store.get(learner.id());
            learners.put(learner.id(), stored == null ? GlobalLearner.initial(learner, features) : GlobalLearner.decode(stored));
            unpublished.add(learner.id());     // a restart may have merged more than the models topic shows
        }
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        GlobalLearner global = id == null ? null : learners.get(id);
        DeltaMessage message;
        try {
            message = DeltaMessage.decode(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("passing over a delta that cannot be read (learner {}): {}", id, e.getMessage());
            return;
        }
        if (global == null) {
            LOG.warn("passing over a delta for learner {}, which this application does not have", id);
            return;
        }
        if (global.merge(message.replica(), message.sequence(), message.delta()) == GlobalLearner.Outcome.DUPLICATE) {
            counters.duplicateDelta();
            return;
        }
        counters.mergedDelta(global.version() - 1 - message.baseVersion());
        store.put(id, global.encode());
        unpublished.add(id);
    }

    private void publish() {
        long now = System.currentTimeMillis();
        for (String id : unpublished) {
            context.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8), learners.get(id).encode(), now), modelsNode);
        }
        unpublished.clear();
    }
}
