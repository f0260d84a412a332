package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.config.DefaultLearners;
import dev.descent.data.HouseGenerator;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LinearRegression;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The end-to-end scenario, on whatever cluster it is given: 50,000 generated houses through the
 * default learners with exactly-once; the best linear learner gets within 10% of the best RMSE one
 * linear model of every market can reach ({@link HouseGenerator#GLOBAL_LINEAR_RMSE}; the noise is
 * within reach of a model per market only), the learner whose rate is far above its stability bound
 * is reported diverged, and the others are unharmed.
 */
final class ConvergenceScenario {
    static final int RECORDS = 50_000;
    /** The RMSE that counts is the one a user sees once the learners have warmed up. */
    static final int LAST = 10_000;

    private ConvergenceScenario() {
    }

    static void run(String bootstrap) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Topics topics = Topics.defaults();
            new TopicAdmin(admin).create(topics.definitions());
            TopicWriter.write(bootstrap, topics.input(), GeneratedRecords.of(RECORDS, 42, 0).keyValues());
            List<LearnerConfig> learners = DefaultLearners.all();
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), learners);
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("convergence", bootstrap, true,
                    Map.of())).start(Duration.ofSeconds(60))) {
                List<ConsumerRecord<byte[], byte[]>> predictions =
                        TopicReader.readCommitted(bootstrap, topics.predictions(), RECORDS, Duration.ofSeconds(240));
                assertEquals(RECORDS, predictions.size());

                Map<String, Double> squaredError = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> p : predictions.subList(RECORDS - LAST, RECORDS)) {
                    JsonNode node = json.readTree(p.value());
                    double label = node.get("label").asDouble();
                    node.get("predictions").fields().forEachRemaining(e -> {
                        double error = e.getValue().isNumber() ? label - e.getValue().asDouble() : Double.POSITIVE_INFINITY;
                        squaredError.merge(e.getKey(), error * error, Double::sum);
                    });
                }
                Map<String, Learner> byId = new HashMap<>();
                app.learners().stream().map(LearnerSlot::learner).forEach(l -> byId.put(l.config().id(), l));
                String unstable = "linear-sgd-0.5-unstable";
                assertEquals(Learner.Status.DIVERGED, byId.get(unstable).status());
                assertTrue(byId.get(unstable).config().schedule().learningRate() > byId.get(unstable).stabilityBound(),
                        "its rate is above its own stability bound");

                double bestLinear = Double.POSITIVE_INFINITY;
                for (LearnerConfig l : learners) {
                    Learner learner = byId.get(l.id());
                    for (double w : learner.parameters()) {
                        assertTrue(Double.isFinite(w), l.id() + " keeps finite parameters");
                    }
                    assertEquals(RECORDS, learner.records(), l.id());
                    if (!l.id().equals(unstable)) {
                        assertTrue(learner.status() != Learner.Status.DIVERGED, l.id() + " is unharmed");
                        if (l.model() instanceof LinearRegression) {
                            bestLinear = Math.min(bestLinear, Math.sqrt(squaredError.get(l.id()) / LAST));
                        }
                    }
                }
                assertTrue(bestLinear <= 1.10 * HouseGenerator.GLOBAL_LINEAR_RMSE, "best linear RMSE over the last " + LAST
                        + " records: " + bestLinear + " (floor " + HouseGenerator.GLOBAL_LINEAR_RMSE + ")");
            }
        }
    }
}
