package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.DescentTopology;
import dev.descent.topology.LiveLearners;
import dev.descent.topology.ModelKeys;
import dev.descent.topology.ProcessingCounters;
import dev.descent.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The model keys' series: a handful however many keys, the busiest keys by name, every key in the aggregates. */
class KeyMetricsTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Schema.Field.numeric("area"), Schema.Field.label("price")));
    private static final LearnerConfig SGD = LearnerConfig.builder("sgd").learningRate(0.05).build();
    private static final LearnerConfig SLOW = LearnerConfig.builder("slow").learningRate(0.001).build();

    @Test
    void theBusiestKeysGetSeriesAndEveryKeyCountsInTheAggregates() {
        DescentConfig config = new DescentConfig(Topics.defaults(), SCHEMA, List.of(SGD, SLOW), 100, 100)
                .withModelKeys(new ModelKeys("market", 1, 0, 100, Duration.ZERO, true, true, false, 3));
        ProcessingCounters counters = new ProcessingCounters();
        LiveLearners live = new LiveLearners(config.learners());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(DescentTopology.build(config, counters, live), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.topics().input(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            // Key k<i> gets i + 1 records: k29 the most, then k28 and k27.
            for (int i = 0; i < 30; i++) {
                for (int r = 0; r <= i; r++) {
                    input.pipeInput(("h" + i + "-" + r).getBytes(StandardCharsets.UTF_8),
                            ("{\"area\":" + (1 + r % 3) + ",\"price\":" + 10 * (1 + r % 3) + ",\"market\":\"k" + i + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int tick = 0; tick < 20; tick++) {       // the keys' own figures are gathered once a second
                driver.advanceWallClockTime(Duration.ofMillis(50));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new KeyMetrics(live, 3, "r").writeTo(out);
            String scrape = out.toString(StandardCharsets.UTF_8);

            assertLine(scrape, "descent_model_keys{run_id=\"r\"} 30.0");
            assertLine(scrape, "descent_key_records{key=\"k29\",run_id=\"r\"} 30.0");
            assertLine(scrape, "descent_key_records{key=\"k28\",run_id=\"r\"} 29.0");
            assertLine(scrape, "descent_key_records{key=\"k27\",run_id=\"r\"} 28.0");
            assertEquals(3, scrape.lines().filter(l -> l.startsWith("descent_key_records{")).count(), scrape);
            assertEquals(3, scrape.lines().filter(l -> l.startsWith("descent_key_rmse{")).count(), scrape);
            assertEquals(4, scrape.lines().filter(l -> l.startsWith("descent_key_rmse_quantile{")).count(), scrape);
            assertEquals(6, scrape.lines().filter(l -> l.startsWith("descent_key_learner_rmse{")).count(),
                    "each learner of the 3 busiest keys: " + scrape);
            LiveLearners.KeyFigure busiest = live.keys().top().get(0);
            assertEquals("k29", busiest.key());
            for (int i = 0; i < 2; i++) {
                assertLine(scrape, "descent_key_learner_rmse{key=\"k29\",learner=\"" + config.learners().get(i).id()
                        + "\",run_id=\"r\"} " + new String(LearnerMetrics.number(busiest.learnerRmse()[i]), StandardCharsets.US_ASCII));
            }
            assertTrue(Arrays.stream(busiest.learnerRmse()).anyMatch(r -> r == busiest.rmse()), "the champion is one of them");
            assertTrue(busiest.learnerRmse()[0] != busiest.learnerRmse()[1], "two learners, two figures");
            LiveLearners.KeyScores keys = live.keys();
            assertEquals(465, keys.scored()[0], "1 + 2 + … + 30 labeled records over every key");
            double[] sorted = keys.keyRmse().clone();
            Arrays.sort(sorted);
            assertLine(scrape, "descent_key_rmse_quantile{quantile=\"0.5\",run_id=\"r\"} "
                    + new String(LearnerMetrics.number(sorted[14]), StandardCharsets.US_ASCII));
            assertLine(scrape, "descent_key_rmse_quantile{quantile=\"1.0\",run_id=\"r\"} "
                    + new String(LearnerMetrics.number(sorted[29]), StandardCharsets.US_ASCII));
            assertLine(scrape, "descent_keyed_rmse{learner=\"sgd\",run_id=\"r\"} "
                    + new String(LearnerMetrics.number(keys.rmse(0)), StandardCharsets.US_ASCII));
        }
    }

    private static void assertLine(String scrape, String line) {
        assertTrue(scrape.lines().anyMatch(line::equals), "missing: " + line + "\nin:\n" + scrape);
    }
}
