package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.model.Learner;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input, produced to a real broker between good records, while the default
 * learners run with exactly-once: each bad record ends in a dead letter naming its reason, records
 * with some features missing are learned with imputation, and the app keeps running with finite
 * parameters.
 */
class BadInputEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String goodHouse(int i) {
        return "{\"longitude\":-122.2" + i % 10 + ",\"latitude\":37.8" + i % 7 + ",\"housing_median_age\":" + (10 + i % 40)
                + ",\"total_rooms\":" + (800 + 37 * i % 3000) + ",\"total_bedrooms\":" + (200 + 11 * i % 500)
                + ",\"population\":" + (600 + 53 * i % 2000) + ",\"households\":" + (180 + 7 * i % 400)
                + ",\"median_income\":" + (1.5 + (i % 13) * 0.7) + ",\"ocean_proximity\":\"NEAR BAY\""
                + ",\"median_house_value\":" + (90000 + 30000 * (i % 13) + 1000 * (i % 40)) + "}";
    }

    @Test
    void badRecordsBecomeDeadLettersAndTheAppKeepsLearning() throws Exception {
        byte[] oneMegabyte = new byte[1024 * 1024];
        Arrays.fill(oneMegabyte, (byte) ' ');
        oneMegabyte[0] = '{';
        oneMegabyte[oneMegabyte.length - 1] = '}';
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("malformed_json", utf8("{\"median_income\": 3.2,"));
        bad.put("not_an_object", utf8("[1, 2, 3]"));
        bad.put("wrong_type", utf8(goodHouse(1).replace("\"median_income\":", "\"median_income\":\"high\",\"x\":")));
        bad.put("nan", utf8(goodHouse(2).replace("\"population\":", "\"population\":NaN,\"x\":")));
        bad.put("infinity", utf8(goodHouse(3).replace("\"households\":", "\"households\":Infinity,\"x\":")));
        bad.put("huge_number", utf8(goodHouse(4).replace("\"total_rooms\":", "\"total_rooms\":1e308,\"x\":")));
        bad.put("no_features", utf8("{\"median_house_value\": 250000}"));
        bad.put("empty", new byte[0]);
        bad.put("null", null);
        bad.put("not_utf8", new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'});
        bad.put("one_megabyte", oneMegabyte);
        Map<String, String> expectedReason = Map.ofEntries(
                Map.entry("malformed_json", "malformed_json"), Map.entry("not_an_object", "not_an_object"),
                Map.entry("wrong_type", "wrong_type"), Map.entry("nan", "non_finite"),
                Map.entry("infinity", "non_finite"), Map.entry("huge_number", "out_of_range"),
                Map.entry("no_features", "missing_features"), Map.entry("empty", "empty_value"),
                Map.entry("null", "null_value"), Map.entry("not_utf8", "not_utf8"),
                Map.entry("one_megabyte", "too_large"));

        List<byte[][]> records = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < 400; i++) {
            records.add(new byte[][] {utf8("good-" + i), utf8(goodHouse(i))});
            good++;
        }
        // Some features missing: a documented imputation (running mean), not a dead letter.
        records.add(new byte[][] {utf8("partial"), utf8("{\"median_income\": 4.1, \"housing_median_age\": 20,"
                + " \"median_house_value\": 210000}")});
        good++;
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            records.add(new byte[][] {utf8(e.getKey()), e.getValue()});
        }
        for (int i = 400; i < 600; i++) {
            records.add(new byte[][] {utf8("good-" + i), utf8(goodHouse(i))});
            good++;
        }

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            TopicWriter.write(kafka.bootstrapServers(), topics.input(), records);
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("bad-input",
                    kafka.bootstrapServers(), true, Map.of()))) {
                app.start(Duration.ofSeconds(60));
                List<ConsumerRecord<byte[], byte[]>> dead =
                        TopicReader.readCommitted(kafka.bootstrapServers(), topics.deadLetters(), bad.size(), Duration.ofSeconds(60));
                List<ConsumerRecord<byte[], byte[]>> predictions =
                        TopicReader.readCommitted(kafka.bootstrapServers(), topics.predictions(), good, Duration.ofSeconds(60));

                assertEquals(bad.size(), dead.size());
                Map<String, String> reasons = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> letter : dead) {
                    String key = new String(letter.key(), StandardCharsets.UTF_8);
                    reasons.put(key, header(letter, "descent.reason"));
                    assertEquals(topics.input(), header(letter, "descent.source.topic"));
                    assertEquals("0", header(letter, "descent.source.partition"));
                    assertTrue(Long.parseLong(header(letter, "descent.source.offset")) > 400, key);
                    assertTrue(Arrays.equals(bad.get(key), letter.value()), key + " keeps its original bytes");
                }
                assertEquals(expectedReason, reasons);

                assertEquals(good, predictions.size());
                JsonNode partial = predictions.stream().filter(p -> "partial".equals(new String(p.key(), StandardCharsets.UTF_8)))
                        .map(p -> read(p.value())).findFirst().orElseThrow();
                partial.get("predictions").forEach(v -> assertTrue(v.isNumber(), "imputed record predicted: " + partial));

                assertEquals(KafkaStreams.State.RUNNING, app.state());
                List<LearnerSlot> learners = app.learners();
                assertEquals(config.learners().size(), learners.size());
                for (LearnerSlot slot : learners) {
                    Learner l = slot.learner();
                    assertEquals(good, l.records(), l.config().id());
                    for (double p : l.parameters()) {
                        assertTrue(Double.isFinite(p), l.config().id() + " has finite parameters");
                    }
                }
            }
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
