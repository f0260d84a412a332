package dev.descent.topology;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Test-then-train for every learner on one record: each learner predicts with its current
 * parameters; a labeled record is then scored and learned from, and the learner's new state
 * goes to the store (backed by a changelog) before the record is done, so under exactly-once a
 * crash neither loses nor repeats a step. Emits one prediction record per input, a loss report
 * per learner every {@code lossEvery} labeled records and a model snapshot every
 * {@code modelsEvery}.
 *
 * <p>Learners live in memory between records and are read back from the store whenever the
 * task is (re)initialized, so the store is the truth after a restart or rebalance.
 */
final class LearnProcessor implements Processor<byte[], HouseRecord, byte[], byte[]> {
    /** Doubles written with the Schubfach algorithm: Double.toString was a tenth of the topology's time. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final long PUBLISH_INTERVAL_NANOS = 50_000_000;

    private final DescentConfig config;
    private final ProcessingCounters counters;
    private final LiveLearners live;
    private final String storeName;
    private final String predictionsNode;
    private final String lossNode;
    private final String modelsNode;
    private final List<LearnerSlot> slots = new ArrayList<>();
    private final List<byte[]> ids = new ArrayList<>();
    private long[] predicted;
    private long lastPublished;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    LearnProcessor(DescentConfig config, ProcessingCounters counters, LiveLearners live, String storeName, String predictionsNode, String lossNode, String modelsNode) {
        this.config = config;
        this.counters = counters;
        this.live = live;
        this.storeName = storeName;
        this.predictionsNode = predictionsNode;
        this.lossNode = lossNode;
        this.modelsNode = modelsNode;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        int features = config.schema().featureCount();
        slots.clear();
        ids.clear();
        for (LearnerConfig learner : config.learners()) {
            byte[] stored = store.get(learner.id());
            slots.add(stored == null ? new LearnerSlot(new Learner(learner, features)) : LearnerSlot.decode(stored));
            ids.add(learner.id().getBytes(StandardCharsets.UTF_8));
        }
        predicted = new long[slots.size()];
        publish();
    }

    /** Readers want fresh figures, not one snapshot per record per learner: a few per second suffice. */
    private void publishEvery(long now) {
        if (now - lastPublished >= PUBLISH_INTERVAL_NANOS) {
            publish();
        }
    }

    private void publish() {
        lastPublished = System.nanoTime();
        for (int i = 0; i < slots.size(); i++) {
            live.publish(LearnerSnapshot.of(slots.get(i), predicted[i]));
        }
    }

    @Override
    public void process(Record<byte[], HouseRecord> record) {
        HouseRecord house = record.value();
        ObjectNode out = JSON.createObjectNode();
        out.put("key", house.key());
        if (house.labeled()) {
            out.put("label", house.label());
        } else {
            out.putNull("label");
        }
        ObjectNode predictions = out.putObject("predictions");
        ObjectNode losses = house.labeled() ? out.putObject("losses") : null;
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            Learner learner = slot.learner();
            String id = learner.config().id();
            predicted[i]++;
            if (!house.labeled()) {
                number(predictions, id, learner.predict(house.features()));
                continue;
            }
            double prediction = learner.learn(house.features(), house.label());
            double target = learner.config().isClassifier()
                    ? (house.label() > learner.config().threshold() ? 1 : 0) : house.label();
            slot.score(prediction, target);
            number(predictions, id, prediction);
            number(losses, id, learner.lastLoss());
            store.put(id, slot.encode());
            long records = learner.records();
            if (records % config.lossEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LossReport.json(slot, record.timestamp()), record.timestamp()),
                        lossNode);
            }
            if (records % config.modelsEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LearnerCodec.encode(learner), record.timestamp()), modelsNode);
            }
        }
        context.forward(new Record<>(record.key(), bytes(out), record.timestamp()), predictionsNode);
        counters.prediction();
        publishEvery(System.nanoTime());
    }

    private static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("prediction JSON", e);
        }
    }
}
