package dev.descent.topology;

import static dev.descent.topology.DescentTopologyTest.SCHEMA;
import static dev.descent.topology.DescentTopologyTest.sgd;
import static dev.descent.topology.DescentTopologyTest.withDriver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import dev.descent.model.LearnerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Learners per model key on the test driver: routing, the global fallback, warm starts, the key limit and eviction. */
class KeyedTopologyTest {
    private static final LearnerConfig SGD = sgd("sgd", 1);
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static DescentConfig keyed(ModelKeys keys) {
        return new DescentConfig(Topics.defaults(), SCHEMA, List.of(SGD, sgd("sgd-2", 2)), 2, 2).withModelKeys(keys);
    }

    private static ModelKeys keys(int minKeyRecords, int maxKeys, Duration ttl, boolean warmStart, boolean required) {
        return new ModelKeys("region", 1, minKeyRecords, maxKeys, ttl, true, warmStart, required, 20);
    }

    private static void withKeys(ModelKeys keys, Consumer<DescentTopologyTest.Harness> body) {
        withDriver(keyed(keys), body);
    }

    /** A house of {@code region} (none for null) whose price is area × {@code slope}. */
    private static byte[] house(String region, double area, double slope) {
        String field = region == null ? "" : ",\"region\":\"" + region + "\"";
        return ("{\"area\":" + area + ",\"age\":1,\"price\":" + area * slope + field + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(DescentTopologyTest.Harness h, String key, byte[] value, long time) {
        h.input().pipeInput(key.getBytes(StandardCharsets.UTF_8), value, time);
    }

    private static List<TestRecord<byte[], byte[]>> records(DescentTopologyTest.Harness h, String topic) {
        return h.output(topic).readRecordsToList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void eachKeyLearnsItsOwnSlopeWhileTheGlobalLearnersLearnEveryRecord() {
        withKeys(keys(0, 10, Duration.ZERO, false, false), h -> {
            for (int i = 0; i < 400; i++) {
                double area = 1 + i % 7;
                send(h, "a" + i, house("cheap", area, 10), T0 + i);
                send(h, "b" + i, house("dear", area, 30), T0 + i);
            }
            List<JsonNode> predictions = h.predictions();
            assertEquals(800, predictions.size(), "one prediction record per input");
            JsonNode cheap = predictions.get(798);
            JsonNode dear = predictions.get(799);
            assertEquals("cheap", cheap.get("model").asText());
            assertEquals("key", cheap.get("servedBy").asText());
            assertEquals("a399", cheap.get("key").asText(), "the record keeps the house's key, not the model key");
            double area = 1 + 399 % 7;
            assertEquals(10 * area, cheap.get("prediction").asDouble(), 0.5, "the cheap market's own slope");
            assertEquals(30 * area, dear.get("prediction").asDouble(), 1.5, "the dear market's own slope");
            KeyValueStore<String, byte[]> store = h.driver().getKeyValueStore(DescentTopology.STORE);
            LearnerFamily stored = LearnerFamily.decode("cheap", store.get(LearnProcessor.KEY_PREFIX + "cheap"),
                    DescentConfig.ChampionRule.DEFAULT);
            assertEquals(400, stored.labeled(), "the key's learners learned its 400 records");
            assertEquals(800, h.stored("sgd").scored(), "the global learners learned all 800");
        });
    }

    @Test
    void aYoungKeyIsServedTheGlobalPriceUntilItHasLearnedMinKeyRecords() {
        withKeys(keys(3, 10, Duration.ZERO, true, false), h -> {
            for (int i = 0; i < 5; i++) {
                send(h, "h" + i, house("new", 2, 10), T0 + i);
            }
            List<JsonNode> predictions = h.predictions();
            for (int i = 0; i < 5; i++) {
                JsonNode p = predictions.get(i);
                boolean young = i < 3;
                assertEquals(young ? "global" : "key", p.get("servedBy").asText(), "record " + i);
                assertEquals(young, p.has("global"), "the global learners' predictions come with a young key's record");
                JsonNode served = young ? p.get("global") : p.get("predictions");
                assertEquals(served.get(p.get("champion").asText()).asDouble(), p.get("prediction").asDouble(), 0.0,
                        "the price served is the serving learners' champion's");
            }
        });
    }

    @Test
    void aKeyFollowsTheGlobalChampionUntilItHasMinKeyRecords() {
        LearnerConfig slow = LearnerConfig.builder("slow").learningRate(1e-6).build();
        DescentConfig config = new DescentConfig(Topics.defaults(), SCHEMA, List.of(slow, SGD), 2, 2)
                .withChampion(new DescentConfig.ChampionRule(10, 0.05))
                .withModelKeys(new ModelKeys("region", 1, 10, 10, Duration.ZERO, false, true, false, 20));
        withDriver(config, h -> {
            for (int i = 0; i < 100; i++) {
                send(h, "h" + i, house("old", 1 + i % 3, 20), T0 + i);
            }
            h.output(h.topics().predictions()).readRecordsToList();
            for (int i = 0; i < 30; i++) {
                send(h, "n" + i, house("new", 1 + i % 3, 20), T0 + 100 + i);
            }
            List<JsonNode> predictions = h.predictions();
            for (int i = 0; i < 10; i++) {
                assertEquals("sgd", predictions.get(i).get("champion").asText(),
                        "record " + i + " of the new key: the global champion's choice, its own learners");
                assertEquals("key", predictions.get(i).get("servedBy").asText());
            }
        });
    }

    /**
     * With keys alone there is no global champion to follow: a young key serves its own leader so
     * far, not the first learner of the list.
     */
    @Test
    void withKeysAloneAYoungKeyServesItsOwnBestLearnerSoFar() {
        LearnerConfig slow = LearnerConfig.builder("slow").learningRate(1e-6).build();
        DescentConfig config = new DescentConfig(Topics.defaults(), SCHEMA, List.of(slow, SGD), 2, 2)
                .withModelKeys(new ModelKeys("region", 1, 0, 10, Duration.ZERO, false, false, false, 20));
        withDriver(config, h -> {
            for (int i = 0; i < 30; i++) {
                send(h, "h" + i, house("a", 1 + i % 3, 20), T0 + i);
            }
            List<JsonNode> predictions = h.predictions();
            assertEquals("slow", predictions.get(0).get("champion").asText(), "no error known: the first learner");
            for (int i = 10; i < 30; i++) {
                assertEquals("sgd", predictions.get(i).get("champion").asText(),
                        "record " + i + ", long before a champion window of 1,000: the key's leader");
            }
        });
    }

    /** The prediction record of the first house of key "new", after 50 houses of key "old" (both priced 20 × area). */
    private static JsonNode firstOfANewKey(DescentTopologyTest.Harness h) {
        for (int i = 0; i < 50; i++) {
            send(h, "h" + i, house("old", 1 + i % 3, 20), T0 + i);
        }
        h.output(h.topics().predictions()).readRecordsToList();
        send(h, "first", house("new", 2, 20), T0 + 50);
        return h.predictions().get(0);
    }

    @Test
    void aNewKeyStartsFromTheGlobalLearnersAsTheyAreNow() {
        withKeys(keys(1, 10, Duration.ZERO, true, false), h -> {
            JsonNode p = firstOfANewKey(h);
            assertEquals("global", p.get("servedBy").asText());
            assertEquals(p.get("global").get("sgd").asDouble(), p.get("predictions").get("sgd").asDouble(), 0.0,
                    "warm start: the new key's learner predicts as the global one did before either learned");
            assertEquals(40, p.get("predictions").get("sgd").asDouble(), 8, "and it already knows the price");
        });
    }

    @Test
    void withoutWarmStartANewKeysLearnersStartFromZero() {
        withKeys(keys(1, 10, Duration.ZERO, false, false), h -> {
            JsonNode p = firstOfANewKey(h);
            assertEquals(0.0, p.get("predictions").get("sgd").asDouble(), "a zero-initialized model");
            assertNotEquals(0.0, p.get("global").get("sgd").asDouble());
        });
    }

    @Test
    void withNeitherFallbackNorWarmStartTheGlobalLearnersLearnOnlyRecordsWithoutAKey() {
        withKeys(new ModelKeys("region", 1, 0, 10, Duration.ZERO, false, false, false, 20), h -> {
            for (int i = 0; i < 10; i++) {
                send(h, "h" + i, house("a", 1 + i % 3, 10), T0 + i);
            }
            send(h, "none", house(null, 2, 10), T0 + 10);
            assertEquals(11, h.predictions().size());
            assertEquals(1, h.stored("sgd").scored(), "the one record without a key");
        });
    }

    @Test
    void aRecordWithoutTheKeyFieldIsTheGlobalLearnersAlone() {
        withKeys(keys(0, 10, Duration.ZERO, true, false), h -> {
            send(h, "k", house(null, 2, 10), T0);
            JsonNode p = h.predictions().get(0);
            assertTrue(p.get("model").isNull());
            assertEquals("global", p.get("servedBy").asText());
            assertFalse(p.has("global"));
            assertEquals(1, h.stored("sgd").scored());
            KeyValueStore<String, byte[]> store = h.driver().getKeyValueStore(DescentTopology.STORE);
            try (var all = store.range(LearnProcessor.KEY_PREFIX, LearnProcessor.KEY_PREFIX + Character.MAX_VALUE)) {
                assertFalse(all.hasNext(), "no key's learners");
            }
        });
    }

    @Test
    void aRequiredKeyMissingIsADeadLetterAndAKeyOfTheWrongTypeToo() {
        withKeys(keys(0, 10, Duration.ZERO, true, true), h -> {
            send(h, "none", house(null, 2, 10), T0);
            send(h, "object", "{\"area\":1,\"price\":3,\"region\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8), T0);
            send(h, "number", "{\"area\":1,\"price\":3,\"region\":7}".getBytes(StandardCharsets.UTF_8), T0);
            List<TestRecord<byte[], byte[]>> dead = records(h, h.topics().deadLetters());
            assertEquals(List.of("no_model_key", "wrong_type"), dead.stream()
                    .map(d -> header(d, ValidateProcessor.REASON)).toList());
            JsonNode p = h.predictions().get(0);
            assertEquals("7", p.get("model").asText(), "a number's JSON text is its key");
        });
    }

    @Test
    void aKeyBeyondMaxKeysIsADeadLetterNamingItsInputRecordAndTheOthersGoOn() {
        withKeys(keys(0, 2, Duration.ZERO, true, false), h -> {
            send(h, "h0", house("a", 1, 10), T0);
            send(h, "h1", house("b", 1, 10), T0 + 1);
            send(h, "h2", house("c", 1, 10), T0 + 2);
            send(h, "h3", house("a", 2, 10), T0 + 3);
            List<TestRecord<byte[], byte[]>> dead = records(h, h.topics().deadLetters());
            assertEquals(1, dead.size());
            TestRecord<byte[], byte[]> letter = dead.get(0);
            assertEquals("too_many_keys", header(letter, ValidateProcessor.REASON));
            assertTrue(header(letter, ValidateProcessor.DETAIL).contains("'c'"), header(letter, ValidateProcessor.DETAIL));
            assertEquals(h.topics().input(), header(letter, ValidateProcessor.SOURCE_TOPIC), "the input, not the keyed topic");
            assertEquals("2", header(letter, ValidateProcessor.SOURCE_OFFSET));
            assertEquals("h2", new String(letter.key(), StandardCharsets.UTF_8));
            assertEquals(new String(house("c", 1, 10), StandardCharsets.UTF_8),
                    new String(letter.value(), StandardCharsets.UTF_8), "the record's bytes as they came");
            assertEquals(List.of("h0", "h1", "h3"), h.predictions().stream().map(p -> p.get("key").asText()).toList());
            assertEquals(1, h.counters().deadLetters(DeadLetterReason.TOO_MANY_KEYS));
        });
    }

    @Test
    void aKeyIdleForTheTtlIsDroppedWithItsLastStateOnTheModelsTopic() {
        Duration ttl = Duration.ofHours(2);
        withKeys(keys(0, 10, ttl, true, false), h -> {
            send(h, "h0", house("quiet", 1, 10), T0);
            send(h, "h1", house("busy", 1, 10), T0);
            h.output(h.topics().models()).readRecordsToList();
            send(h, "h2", house("busy", 1, 10), T0 + ttl.toMillis() + Duration.ofHours(1).toMillis());
            Map<String, byte[]> models = records(h, h.topics().models()).stream().collect(Collectors.toMap(
                    r -> new String(r.key(), StandardCharsets.UTF_8), TestRecord::value, (a, b) -> b));
            assertTrue(models.containsKey("quiet/sgd") && models.containsKey("quiet/sgd-2"), models.keySet().toString());
            Learner last = LearnerCodec.decode(models.get("quiet/sgd"));
            assertEquals(1, last.records(), "the quiet key's learner as its one record left it");
            KeyValueStore<String, byte[]> store = h.driver().getKeyValueStore(DescentTopology.STORE);
            assertNull(store.get(LearnProcessor.KEY_PREFIX + "quiet"), "dropped from the store");
            assertNotNull(store.get(LearnProcessor.KEY_PREFIX + "busy"), "a key with a record within the TTL stays");
        });
    }

    /** Twelve labeled houses, of key "cheap", "dear" or none in turn, and an unlabeled one of "dear". */
    private static void sendMixedKeys(DescentTopologyTest.Harness h) {
        for (int i = 0; i < 12; i++) {
            String region = i % 3 == 2 ? null : i % 3 == 0 ? "cheap" : "dear";
            send(h, "h" + i, house(region, 1 + i % 4, "cheap".equals(region) ? 10 : 30), T0 + i);
        }
        send(h, "listed", "{\"area\":2,\"age\":1,\"region\":\"dear\"}".getBytes(StandardCharsets.UTF_8), T0 + 12);
    }

    private static List<PredictionDoubles.KeyedPrediction> asDoubles(DescentConfig config,
                                                                     Consumer<DescentTopologyTest.Harness> send) {
        List<PredictionDoubles.KeyedPrediction> read = new ArrayList<>();
        withDriver(config.withPredictionFormat(PredictionFormat.DOUBLES), h -> {
            send.accept(h);
            records(h, h.topics().predictions()).forEach(r -> read.add(PredictionDoubles.readKeyed(r.value(), 2)));
        });
        return read;
    }

    @Test
    void writesForAReplayTheKeysAndTheGlobalLearnersPredictionsAndThePriceServed() {
        DescentConfig config = keyed(keys(3, 10, Duration.ZERO, true, false));
        List<JsonNode> keyedJson = new ArrayList<>();
        withDriver(config, h -> {
            sendMixedKeys(h);
            keyedJson.addAll(h.predictions());
        });
        List<JsonNode> withoutKeys = new ArrayList<>();
        withDriver(config.withModelKeys(ModelKeys.OFF), h -> {
            sendMixedKeys(h);
            withoutKeys.addAll(h.predictions());
        });
        List<PredictionDoubles.KeyedPrediction> doubles = asDoubles(config, KeyedTopologyTest::sendMixedKeys);

        List<String> ids = List.of("sgd", "sgd-2");
        assertEquals(13, doubles.size());
        boolean servedByKey = false;
        for (int i = 0; i < doubles.size(); i++) {
            PredictionDoubles.KeyedPrediction d = doubles.get(i);
            JsonNode json = keyedJson.get(i);
            String record = "record " + i;
            assertEquals(json.get("label").isNull() ? Double.NaN : json.get("label").asDouble(), d.label(), record);
            assertEquals(json.get("model").isNull() ? null : json.get("model").asText(), d.modelKey(), record);
            for (int j = 0; j < ids.size(); j++) {
                double own = json.get("predictions").get(ids.get(j)).asDouble();
                assertEquals(own, d.modelKey() == null ? d.global()[j] : d.own()[j], 0.0, record + ": as in the JSON");
                assertEquals(withoutKeys.get(i).get("predictions").get(ids.get(j)).asDouble(), d.global()[j], 0.0,
                        record + ": the global learners predict as the same learners without keys do");
            }
            assertEquals(json.get("servedBy").asText().equals("global"), d.servedByGlobal(), record);
            assertEquals(json.get("champion").asText(), ids.get(d.served()), record);
            assertEquals(json.get("prediction").asDouble(), d.servedPrice(), 0.0, record);
            servedByKey |= !d.servedByGlobal();
        }
        assertTrue(servedByKey, "a key past --min-key-records serves its own price");
    }

    @Test
    void writesNoGlobalPredictionsForAKeysRecordWithKeysAlone() {
        DescentConfig config = keyed(new ModelKeys("region", 1, 0, 10, Duration.ZERO, false, false, false, 20));
        List<PredictionDoubles.KeyedPrediction> doubles = asDoubles(config, KeyedTopologyTest::sendMixedKeys);
        for (PredictionDoubles.KeyedPrediction d : doubles) {
            assertEquals(d.modelKey() == null, d.global() != null, "the global learners predict only records without a key");
            assertEquals(d.modelKey() == null, d.servedByGlobal());
        }
    }
}
