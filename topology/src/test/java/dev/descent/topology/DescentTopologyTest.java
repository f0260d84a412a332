package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Adam;
import dev.descent.model.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The topology's logic on Kafka Streams' test driver: order, batching, unlabeled records, fan-out. */
class DescentTopologyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Two numeric features and a label keep hand-made records readable. */
    static final Schema SCHEMA = new Schema(List.of(
            Schema.Field.numeric("area"), Schema.Field.numeric("age"), Schema.Field.label("price")));

    static LearnerConfig sgd(String id, int batch) {
        return LearnerConfig.builder(id).learningRate(0.05).batchSize(batch).build();
    }

    static byte[] house(double area, double age, Double price) {
        String label = price == null ? "" : ",\"price\":" + price;
        return ("{\"area\":" + area + ",\"age\":" + age + label + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} against a fresh driver for {@code learners}, loss and model reports every 2 records. */
    static void withDriver(List<LearnerConfig> learners, Consumer<Harness> body) {
        withDriver(new DescentConfig(Topics.defaults(), SCHEMA, learners, 2, 2), body);
    }

    static void withDriver(DescentConfig config, Consumer<Harness> body) {
        List<LearnerConfig> learners = config.learners();
        ProcessingCounters counters = new ProcessingCounters();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "descent-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        LiveLearners live = new LiveLearners(learners);
        try (TopologyTestDriver driver = new TopologyTestDriver(DescentTopology.build(config, counters, live), props)) {
            body.accept(new Harness(driver, config.topics(), counters, live));
        }
    }

    record Harness(TopologyTestDriver driver, Topics topics, ProcessingCounters counters, LiveLearners live) {
        TestInputTopic<byte[], byte[]> input() {
            return driver.createInputTopic(topics.input(), new ByteArraySerializer(), new ByteArraySerializer());
        }

        TestOutputTopic<byte[], byte[]> output(String topic) {
            return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        void send(String key, byte[] value) {
            input().pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        }

        List<JsonNode> predictions() {
            List<JsonNode> out = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : output(topics.predictions()).readRecordsToList()) {
                out.add(read(r.value()));
            }
            return out;
        }

        LearnerSlot stored(String id) {
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(DescentTopology.STORE);
            byte[] bytes = store.get(id);
            assertNotNull(bytes, "no stored state for " + id);
            return LearnerSlot.decode(bytes);
        }
    }

    static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void publishesTheLearnersFiguresOnTheWallClockSoTheLastRecordsShowWhenTheInputStops() {
        withDriver(List.of(sgd("a", 1), sgd("b", 2)), h -> {
            for (int i = 0; i < 5; i++) {
                h.send("k" + i, house(i, 2 * i, 100.0 + i));
            }
            h.driver().advanceWallClockTime(Duration.ofMillis(50));
            assertEquals(5, h.live().get("a").records());
            assertEquals(5, h.live().get("b").records());
            assertEquals(2, h.live().get("b").steps(), "two full batches of 2");
        });
    }

    @Test
    void predictsWithTheParametersBeforeLearningThenLearnsExactlyLikeAPlainLoop() {
        LearnerConfig config = sgd("sgd", 1);
        Learner reference = new Learner(config, 2);
        double[][] xs = {{100, 5}, {120, 30}, {80, 12}, {150, 3}, {100, 5}};
        double[] ys = {300, 280, 210, 420, 310};
        withDriver(List.of(config), h -> {
            for (int i = 0; i < xs.length; i++) {
                h.send("h" + i, house(xs[i][0], xs[i][1], ys[i]));
            }
            List<JsonNode> predictions = h.predictions();
            assertEquals(xs.length, predictions.size());
            for (int i = 0; i < xs.length; i++) {
                double expected = reference.learn(xs[i], ys[i]);
                JsonNode p = predictions.get(i);
                assertEquals("h" + i, p.get("key").asText());
                assertEquals(ys[i], p.get("label").asDouble());
                assertEquals(expected, p.get("predictions").get("sgd").asDouble(), 0.0,
                        "record " + i + " is predicted before it is learned");
                assertEquals(reference.lastLoss(), p.get("losses").get("sgd").asDouble(), 0.0);
                assertFalse(p.has("versions"), "one partition: the sequential learner, no replicas or versions");
            }
            assertEquals(0.0, predictions.get(0).get("predictions").get("sgd").asDouble(),
                    "the first record meets the zero-initialized model");
            Learner stored = h.stored("sgd").learner();
            assertEquals(xs.length, stored.steps());
            assertArrayEquals(reference.parameters(), stored.parameters(), 0.0);
        });
    }

    @Test
    void miniBatchKeepsItsPartialBatchInTheStore() {
        LearnerConfig config = sgd("batch4", 4);
        Learner reference = new Learner(config, 2);
        withDriver(List.of(config), h -> {
            for (int i = 0; i < 3; i++) {
                h.send("h" + i, house(100 + 10 * i, 5 + i, 300.0 + 20 * i));
                reference.learn(new double[] {100 + 10 * i, 5 + i}, 300.0 + 20 * i);
            }
            LearnerSlot partial = h.stored("batch4");
            assertEquals(3, partial.learner().records());
            assertEquals(0, partial.learner().steps(), "no update before the batch is full");
            assertEquals(3, partial.learner().pendingBatch());
            assertArrayEquals(LearnerCodec.encode(reference), LearnerCodec.encode(partial.learner()),
                    "the stored state, partial batch included, is the learner's whole state");

            // A learner restored from the store finishes the batch exactly as the live one does.
            Learner restored = partial.learner();
            restored.learn(new double[] {140, 9}, 370);
            h.send("h3", house(140, 9, 370.0));
            Learner live = h.stored("batch4").learner();
            assertEquals(1, live.steps());
            assertArrayEquals(restored.parameters(), live.parameters(), 0.0);
        });
    }

    @Test
    void unlabeledRecordsArePredictedButNeverLearned() {
        withDriver(List.of(sgd("sgd", 1)), h -> {
            h.send("a", house(100, 5, 300.0));
            h.send("b", house(100, 5, 320.0));
            double[] before = h.stored("sgd").learner().parameters();
            h.send("live", house(100, 5, null));
            JsonNode p = h.predictions().get(2);
            assertTrue(p.get("label").isNull());
            assertTrue(p.get("losses") == null, "no loss without a label: " + p);
            assertTrue(p.get("predictions").get("sgd").asDouble() > 0, "a real prediction: " + p);
            Learner after = h.stored("sgd").learner();
            assertEquals(2, after.records());
            assertArrayEquals(before, after.parameters(), 0.0);
        });
    }

    @Test
    void writesTheSamePredictionsAsDoublesForAReplayAsItDoesAsJson() {
        List<LearnerConfig> learners = List.of(sgd("a", 1), sgd("b", 2),
                LearnerConfig.builder("c").optimizer(new Adam()).learningRate(0.01).build());
        DescentConfig json = new DescentConfig(Topics.defaults(), SCHEMA, learners, 2, 2);
        List<JsonNode> asJson = new ArrayList<>();
        List<TestRecord<byte[], byte[]>> asDoubles = new ArrayList<>();
        withDriver(json, h -> {
            sendMixed(h);
            asJson.addAll(h.predictions());
        });
        withDriver(json.withPredictionFormat(PredictionFormat.DOUBLES), h -> {
            sendMixed(h);
            asDoubles.addAll(h.output(h.topics().predictions()).readRecordsToList());
        });
        assertEquals(6, asDoubles.size());
        for (int i = 0; i < asDoubles.size(); i++) {
            JsonNode expected = asJson.get(i);
            assertEquals("h" + i, new String(asDoubles.get(i).key(), StandardCharsets.UTF_8));
            double[] predictions = new double[learners.size()];
            double label = PredictionDoubles.read(asDoubles.get(i).value(), predictions);
            assertEquals(expected.get("label").isNull() ? Double.NaN : expected.get("label").asDouble(), label);
            for (int j = 0; j < learners.size(); j++) {
                assertEquals(expected.get("predictions").get(learners.get(j).id()).asDouble(), predictions[j], 0.0,
                        "record " + i + ", learner " + learners.get(j).id() + ": the same double in both formats");
            }
        }
        assertTrue(Double.isNaN(PredictionDoubles.read(asDoubles.get(4).value(), new double[3])), "record 4 is unlabeled");
    }

    /** Six records, the fifth without a label. */
    private static void sendMixed(Harness h) {
        for (int i = 0; i < 6; i++) {
            h.send("h" + i, house(90 + 7 * i, 10 - i, i == 4 ? null : 250.0 + 3 * i));
        }
    }

    @Test
    void passesOverRecordsFromTheInputEndOnAsAReplayInPlaceDoes() {
        DescentConfig config = new DescentConfig(Topics.defaults(), SCHEMA, List.of(sgd("sgd", 1)), 2, 2)
                .endingAt("kept-houses", 3);
        withDriver(config, h -> {
            for (int i = 0; i < 5; i++) {
                h.send("h" + i, i == 1 ? "not json".getBytes(StandardCharsets.UTF_8) : house(100 + i, 5, 300.0 + i));
            }
            assertEquals(List.of("h0", "h2"), h.predictions().stream().map(p -> p.get("key").asText()).toList(),
                    "offsets 0 and 2 predicted, offset 1 a dead letter, 3 and 4 beyond the end");
            assertEquals(1, h.output(h.topics().deadLetters()).readRecordsToList().size());
            assertEquals(3, h.counters().recordsIn());
            assertEquals(2, h.stored("sgd").learner().records());
        });
    }

    @Test
    void everyLearnerSeesEveryRecordOnceInOnePass() {
        List<LearnerConfig> learners = List.of(sgd("a", 1), sgd("b", 3),
                LearnerConfig.builder("c").optimizer(new Adam()).learningRate(0.01).build());
        withDriver(learners, h -> {
            int labeled = 0;
            for (int i = 0; i < 10; i++) {
                boolean unlabeled = i % 4 == 3;
                h.send("h" + i, house(90 + i, 10 - i, unlabeled ? null : 250.0 + i));
                labeled += unlabeled ? 0 : 1;
            }
            List<JsonNode> predictions = h.predictions();
            assertEquals(10, predictions.size(), "one prediction record per input record");
            for (JsonNode p : predictions) {
                assertEquals(3, p.get("predictions").size(), "every learner predicts every record: " + p);
            }
            for (LearnerConfig l : learners) {
                LearnerSlot slot = h.stored(l.id());
                assertEquals(labeled, slot.learner().records(), l.id());
                assertEquals(labeled, slot.scored(), l.id());
            }
            assertEquals(labeled / 3, h.stored("b").learner().steps(), "batch learner: one step per full batch");
        });
    }

    @Test
    void reportsLossAndModelsAtTheirCadence() {
        withDriver(List.of(sgd("a", 1), sgd("b", 1)), h -> {
            for (int i = 0; i < 5; i++) {
                h.send("h" + i, house(100 + i, 5, 300.0 + i));
            }
            List<TestRecord<byte[], byte[]>> loss = h.output(h.topics().loss()).readRecordsToList();
            assertEquals(4, loss.size(), "records 2 and 4, for two learners");
            JsonNode last = read(loss.get(3).value());
            assertEquals("b", new String(loss.get(3).key(), StandardCharsets.UTF_8));
            assertEquals(4, last.get("step").asLong());
            assertEquals(4, last.get("records").asLong());
            assertEquals("learning", last.get("status").asText());
            assertTrue(last.get("rmse").asDouble() > 0);
            assertTrue(last.get("gradientNorm").asDouble() > 0);
            assertEquals(0.05, last.get("configuredLearningRate").asDouble());

            List<TestRecord<byte[], byte[]>> models = h.output(h.topics().models()).readRecordsToList();
            assertEquals(4, models.size());
            Learner snapshot = LearnerCodec.decode(models.get(3).value());
            assertEquals(4, snapshot.steps());
        });
    }
}
