package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written prediction JSON against what Jackson builds from the same numbers. */
class PredictionJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesWhatJacksonWouldForALabeledRecord() throws Exception {
        List<String> ids = List.of("linear-sgd-0.001", "mlp \"32\"", "ünï\\côdé\t😀");
        double[] predictions = {206_855.75, -0.1, 1e-300};
        double[] losses = {0.5, 3.0e12, 4.9e-324};
        byte[] json = new PredictionJson(ids).write("house \"7\"\n€", 452_600.0, 1, predictions, losses, null);

        ObjectNode expected = JSON.createObjectNode();
        expected.put("key", "house \"7\"\n€");
        expected.put("label", 452_600.0);
        expected.put("prediction", -0.1);
        expected.put("champion", "mlp \"32\"");
        ObjectNode p = expected.putObject("predictions");
        ObjectNode l = expected.putObject("losses");
        for (int i = 0; i < ids.size(); i++) {
            p.put(ids.get(i), predictions[i]);
            l.put(ids.get(i), losses[i]);
        }
        assertEquals(expected, JSON.readTree(json));
    }

    @Test
    void unlabeledRecordsHaveANullLabelAndNoLosses() throws Exception {
        JsonNode json = JSON.readTree(new PredictionJson(List.of("a", "b")).write("k", 123.0, 0, new double[] {1, 2}, null, null));
        assertTrue(json.get("label").isNull());
        assertFalse(json.has("losses"));
        assertEquals(2.0, json.get("predictions").get("b").asDouble());
    }

    @Test
    void onSeveralPartitionsEachPredictionNamesItsGlobalVersion() throws Exception {
        PredictionJson writer = new PredictionJson(List.of("a", "b"));
        JsonNode labeled = JSON.readTree(writer.write("k", 2.0, 0, new double[] {1, 2}, new double[] {3, 4}, new long[] {17, 0}));
        assertEquals(17, labeled.get("versions").get("a").asLong());
        assertEquals(0, labeled.get("versions").get("b").asLong());
        assertEquals(4.0, labeled.get("losses").get("b").asDouble());
        JsonNode unlabeled = JSON.readTree(writer.write("k", 2.0, 0, new double[] {1, 2}, null, new long[] {5, 6}));
        assertFalse(unlabeled.has("losses"));
        assertEquals(6, unlabeled.get("versions").get("b").asLong());
        assertFalse(JSON.readTree(writer.write("k", 2.0, 0, new double[] {1, 2}, null, null)).has("versions"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() throws Exception {
        JsonNode json = JSON.readTree(new PredictionJson(List.of("a", "b", "c")).write("k", 1.0, 0,
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, 7}, new double[] {Double.NEGATIVE_INFINITY, 1, 2}, null));
        assertTrue(json.get("predictions").get("a").isNull());
        assertTrue(json.get("predictions").get("b").isNull());
        assertEquals(7.0, json.get("predictions").get("c").asDouble());
        assertTrue(json.get("losses").get("a").isNull());
        assertTrue(json.get("prediction").isNull(), "the champion's NaN is served as null");
        assertEquals("a", json.get("champion").asText());
    }

    /** A replay scores the predictions it reads back, so they must be the very same doubles. */
    @Test
    void everyDoubleReadsBackBitForBit() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add("learner-" + i);          // 100 learners: more than the first buffer holds
        }
        PredictionJson writer = new PredictionJson(ids);
        for (int record = 0; record < 200; record++) {
            double[] predictions = new double[ids.size()];
            double[] losses = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                predictions[i] = Double.longBitsToDouble(random.nextLong());
                losses[i] = random.nextDouble() * Math.pow(10, random.nextInt(-20, 20));
            }
            JsonNode json = JSON.readTree(writer.write("k" + record, 1.5, record % ids.size(), predictions, losses, null));
            assertEquals("k" + record, json.get("key").asText());
            assertEquals(ids.get(record % ids.size()), json.get("champion").asText());
            for (int i = 0; i < ids.size(); i++) {
                JsonNode p = json.get("predictions").get(ids.get(i));
                if (Double.isFinite(predictions[i])) {
                    assertEquals(Double.doubleToLongBits(predictions[i]), Double.doubleToLongBits(p.asDouble()),
                            "prediction " + predictions[i] + " written as " + p);
                } else {
                    assertTrue(p.isNull());
                }
                assertEquals(losses[i], json.get("losses").get(ids.get(i)).asDouble());
            }
        }
    }
}
