package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.model.DriftSpec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.RecursiveLeastSquares;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Drift events, the champion and its price, through the topology (driver). */
class DriftTopologyTest {
    private static final int BEFORE = 6_000;
    private static final int AFTER = 4_000;

    private static List<LearnerConfig> learners() {
        return List.of(
                LearnerConfig.builder("rls").optimizer(new RecursiveLeastSquares()).learningRate(1).build(),
                LearnerConfig.builder("nlms").learningRate(0.05).normalized(true).build(),
                LearnerConfig.builder("slow").learningRate(1e-4).drift(DriftSpec.OFF).build());
    }

    /** price = 1,000 + 2·area − 3·age + N(0, 20²), all × 1.5 after {@value #BEFORE} records; every tenth unlabeled. */
    private static void stream(DescentTopologyTest.Harness h) {
        Random random = new Random(3);
        for (int i = 0; i < BEFORE + AFTER; i++) {
            double area = 50 + 100 * random.nextDouble();
            double age = 40 * random.nextDouble();
            double price = (1_000 + 2 * area - 3 * age + 20 * random.nextGaussian()) * (i < BEFORE ? 1 : 1.5);
            h.send("h" + i, DescentTopologyTest.house(area, age, i % 10 == 9 ? null : price));
        }
    }

    @Test
    void aMarketMoveIsReportedOnTheDriftTopicAndTheChampionServesThePrice() {
        DescentTopologyTest.withDriver(learners(), h -> {
            stream(h);
            List<JsonNode> drift = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : h.output(h.topics().drift()).readRecordsToList()) {
                JsonNode event = DescentTopologyTest.read(r.value());
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertEquals(event.path("event").asText().equals("champion") ? "champion" : event.path("learner").asText(),
                        key, "keyed by learner, a champion change by 'champion'");
                drift.add(event);
            }
            for (String id : List.of("rls", "nlms")) {
                JsonNode first = drift.stream().filter(e -> e.path("event").asText().equals("drift")
                        && e.path("learner").asText().equals(id)).findFirst().orElse(null);
                assertNotNull(first, id + " reported the move: " + drift);
                long at = first.path("record").asLong();
                // labeled records: 9 in 10, so the move comes at labeled record 5,400
                assertTrue(at > BEFORE * 9 / 10 && at < BEFORE * 9 / 10 + 500, id + " detected at labeled record " + at);
                assertEquals("adwin", first.path("detector").asText());
                assertEquals("none", first.path("action").asText());
                assertTrue(first.path("statistic").isNumber(), first.toString());
            }
            assertFalse(drift.stream().anyMatch(e -> e.path("learner").asText().equals("slow")), "slow watches nothing");

            List<JsonNode> predictions = h.predictions();
            assertEquals(BEFORE + AFTER, predictions.size());
            List<String> served = new ArrayList<>();
            for (JsonNode p : predictions) {
                String champion = p.path("champion").asText();
                assertEquals(p.path("predictions").path(champion).asDouble(), p.path("prediction").asDouble(),
                        "the top-level prediction is the champion's");
                if (served.isEmpty() || !served.get(served.size() - 1).equals(champion)) {
                    served.add(champion);
                }
            }
            List<JsonNode> changes = drift.stream().filter(e -> e.path("event").asText().equals("champion")).toList();
            assertEquals(served.size() - 1, changes.size(), "every change of the served learner is on the drift topic: "
                    + served + " " + changes);
            for (int i = 0; i < changes.size(); i++) {
                assertEquals(served.get(i), changes.get(i).path("previous").asText());
                assertEquals(served.get(i + 1), changes.get(i).path("champion").asText());
                assertTrue(changes.get(i).path("recentRmse").asDouble() < changes.get(i).path("previousRmse").asDouble());
            }
            assertEquals(served.get(served.size() - 1), h.live().champion(), "the live figures name the same champion");
            assertEquals(changes.size(), h.live().championChanges());
            assertNotNull(h.driver().getKeyValueStore(DescentTopology.STORE).get(LearnProcessor.CHAMPION_KEY),
                    "the champion is kept with the learners");
        });
    }

    @Test
    void actionsNeedASinglePartitionWhileReportingWorksOnMany() {
        List<LearnerConfig> reporting = learners();
        new DescentConfig(Topics.defaults(), DescentTopologyTest.SCHEMA, reporting, 100, 100)
                .withReplication(Replication.NONE.withPartitions(3));
        List<LearnerConfig> resetting = reporting.stream()
                .map(l -> l.drift().enabled() ? l.withDrift(l.drift().withAction(DriftSpec.Action.RESET)) : l).toList();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DescentConfig(Topics.defaults(), DescentTopologyTest.SCHEMA, resetting, 100, 100)
                        .withReplication(Replication.NONE.withPartitions(3)));
        assertTrue(e.getMessage().contains("learner 'rls' cannot learn from 3 partitions: drift action reset works on one"
                + " partition only"), e.getMessage());
    }

    @Test
    void theChampionRuleIsConfigurable() {
        long[] changes = new long[2];
        List<DescentConfig.ChampionRule> rules = List.of(DescentConfig.ChampionRule.DEFAULT,
                new DescentConfig.ChampionRule(10, 0));
        for (int i = 0; i < 2; i++) {
            int k = i;
            DescentConfig config = new DescentConfig(Topics.defaults(), DescentTopologyTest.SCHEMA, learners(), 100, 100)
                    .withChampion(rules.get(i));
            DescentTopologyTest.withDriver(config, h -> {
                stream(h);
                changes[k] = h.live().championChanges();
            });
        }
        assertTrue(changes[1] > changes[0], "no margin and a 10-record window change more often: "
                + changes[1] + " against " + changes[0]);
    }
}
