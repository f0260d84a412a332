package dev.descent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.cli.CliRun;
import dev.descent.config.DefaultLearners;
import dev.descent.it.GeneratedRecords;
import dev.descent.it.TopicReader;
import dev.descent.it.TopicWriter;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.PredictionDoubles;
import dev.descent.topology.PredictionDoubles.KeyedPrediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --model-key} on the in-JVM broker: generated houses, whose ocean_proximity markets
 * have their own offsets and slopes, so learners per market should beat the global ones; the
 * report's keyed figures are recomputed here from the run's predictions topic.
 */
class KeyedReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 20_000;

    static EmbeddedKafkaBroker kafka;
    static GeneratedRecords houses;
    /** The replay of every house with learners per ocean_proximity, as JSON. */
    static JsonNode keyedReport;
    @TempDir
    static Path dir;

    @BeforeAll
    static void produceAndReplay() throws Exception {
        kafka = EmbeddedKafkaBroker.start();
        kafka.createTopic("houses", 1, Map.of());
        kafka.awaitTopicsReady("houses");
        houses = GeneratedRecords.of(RECORDS, 42, 0.05);
        TopicWriter.write(kafka.bootstrapServers(), "houses", houses.keyValues());
        keyedReport = replay("keyed", "--model-key", "ocean_proximity");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static JsonNode replay(String runId, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                "--http-port", "0", "--format", "json", "--topic", "houses", "--run-id", runId, "--out",
                dir.resolve(runId).toString()));
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    /** Labeled records per ocean_proximity, read from the generated houses themselves. */
    private static Map<String, Long> labeledPerMarket() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (byte[][] house : houses.keyValues()) {
            JsonNode fields = JSON.readTree(house[1]);
            if (fields.hasNonNull("median_house_value")) {
                counts.merge(fields.get("ocean_proximity").asText(), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void shouldGiveEveryMarketARowAndServeBetterPricesThanTheGlobalLearners() throws Exception {
        JsonNode report = keyedReport;
        JsonNode keyed = report.get("keyed");
        Map<String, Long> markets = labeledPerMarket();

        Map<String, Long> rows = new TreeMap<>();
        keyed.get("keys").forEach(k -> rows.put(k.get("key").asText(), k.get("records").asLong()));
        assertEquals(markets, rows, "a row per market, each with its labeled records");
        assertEquals(houses.labeled(), rows.values().stream().mapToLong(Long::longValue).sum());
        JsonNode all = keyed.get("all");
        assertEquals(houses.labeled(), all.get("records").asLong());
        assertEquals(0, all.get("unkeyedRecords").asLong());
        assertEquals(report.get("best").asText(), keyed.get("globalLearner").asText());

        double global = all.get("globalRmse").asDouble();
        double served = all.get("servedRmse").asDouble();
        assertTrue(served < global, "the prices served per market: " + served + " against " + global);
        assertTrue(all.get("keyedBestRmse").asDouble() < global, all.toString());
        assertEquals(served / global - 1, all.get("servedVsGlobal").asDouble(), 1e-12);
        assertTrue(Files.readString(dir.resolve("keyed").resolve("report.json")).contains("\"keyed\""));

        try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            assertEquals(1, new TopicAdmin(admin).partitionCounts(Set.of("replay-keyed-models-keyed"))
                    .get("replay-keyed-models-keyed"), "one partition, so the global learners see every record in order");
        }
        assertFiguresAsRecomputedFromThePredictions(keyed, "replay-keyed-predictions");
    }

    /** Each key's figures and the summary's from the run's predictions topic, summed here afresh. */
    private static void assertFiguresAsRecomputedFromThePredictions(JsonNode keyed, String topic) {
        List<String> ids = DefaultLearners.all().stream().map(LearnerConfig::id).toList();
        int globalLearner = ids.indexOf(keyed.get("globalLearner").asText());
        Map<String, double[]> squaredErrors = new HashMap<>();    // per key: its learners', the global one's, served
        Map<String, Long> counts = new HashMap<>();
        double[] total = new double[2];                           // every record: the global learner's, served
        for (var record : TopicReader.readCommitted(kafka.bootstrapServers(), topic, RECORDS, Duration.ofSeconds(30))) {
            KeyedPrediction p = PredictionDoubles.readKeyed(record.value(), ids.size());
            if (!p.labeled()) {
                continue;
            }
            double[] sums = squaredErrors.computeIfAbsent(p.modelKey(), k -> new double[ids.size() + 2]);
            for (int i = 0; i < ids.size(); i++) {
                sums[i] += square(p.label() - p.own()[i]);
            }
            sums[ids.size()] += square(p.label() - p.global()[globalLearner]);
            sums[ids.size() + 1] += square(p.label() - p.servedPrice());
            total[0] += square(p.label() - p.global()[globalLearner]);
            total[1] += square(p.label() - p.servedPrice());
            counts.merge(p.modelKey(), 1L, Long::sum);
        }
        for (JsonNode row : keyed.get("keys")) {
            String key = row.get("key").asText();
            double[] sums = squaredErrors.get(key);
            long n = counts.get(key);
            int best = ids.indexOf(row.get("bestLearner").asText());
            for (int i = 0; i < ids.size(); i++) {
                assertTrue(!(sums[i] < sums[best]), key + ": " + ids.get(best) + " is no worse than " + ids.get(i));
            }
            assertEquals(Math.sqrt(sums[best] / n), row.get("bestRmse").asDouble(), 1e-6, key);
            assertEquals(Math.sqrt(sums[ids.size()] / n), row.get("globalRmse").asDouble(), 1e-6, key);
            assertEquals(Math.sqrt(sums[ids.size() + 1] / n), row.get("servedRmse").asDouble(), 1e-6, key);
        }
        long labeled = keyed.get("all").get("records").asLong();
        assertEquals(Math.sqrt(total[0] / labeled), keyed.get("all").get("globalRmse").asDouble(), 1e-6);
        assertEquals(Math.sqrt(total[1] / labeled), keyed.get("all").get("servedRmse").asDouble(), 1e-6);
    }

    private static double square(double x) {
        return x * x;
    }

    @Test
    void shouldRankTheGlobalLearnersAsAReplayWithoutKeysDoes() throws Exception {
        JsonNode keyed = keyedReport;
        JsonNode unkeyed = replay("unkeyed");

        assertEquals(unkeyed.get("ranking"), keyed.get("ranking"));
        for (int i = 0; i < unkeyed.get("learners").size(); i++) {
            JsonNode expected = unkeyed.get("learners").get(i);
            JsonNode actual = keyed.get("learners").get(i);
            for (String field : List.of("id", "rows", "steps", "rmse", "mae", "recentRmse", "stepsToConvergence")) {
                assertEquals(expected.get(field), actual.get(field), expected.get("id") + " " + field);
            }
        }
        assertTrue(!unkeyed.has("keyed"), "a replay without keys has no keyed section");
    }

    @Test
    void shouldReportKeysAloneWithoutAGlobalComparison() throws Exception {
        JsonNode report = replay("alone", "--from", "0:15000", "--model-key", "ocean_proximity", "--no-key-fallback",
                "--no-warm-start");
        JsonNode all = report.get("keyed").get("all");
        long labeled = houses.labeled() - houses.labeledBefore()[15_000];

        assertEquals(labeled, all.get("records").asLong());
        assertEquals(0, all.get("globalRecords").asLong(), "every house has a key: the global learners predicted none");
        assertTrue(all.get("globalRmse").isNull() && all.get("servedVsGlobal").isNull(), all.toString());
        assertTrue(all.get("servedRmse").asDouble() > 0);
        report.get("keyed").get("keys").forEach(k -> assertTrue(k.get("globalRmse").isNull(), k.toString()));
        report.get("learners").forEach(l -> assertEquals(0, l.get("rows").asLong(), l.get("id") + " learned nothing"));
    }
}
