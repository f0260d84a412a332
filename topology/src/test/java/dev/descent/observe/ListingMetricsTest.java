package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.DescentTopology;
import dev.descent.topology.Listings;
import dev.descent.topology.LiveLearners;
import dev.descent.topology.ProcessingCounters;
import dev.descent.topology.Topics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The listings' series as Prometheus scrapes them, from houses listed, sold and expired on the test driver. */
class ListingMetricsTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Schema SCHEMA = new Schema(List.of(
            Schema.Field.numeric("area"), Schema.Field.numeric("age"), Schema.Field.label("price")));
    private static final LearnerConfig SGD = LearnerConfig.builder("sgd").learningRate(0.05).build();

    @Test
    void pendingSoldExpiredOldestAgeAndLabelDelaysAreScraped() {
        DescentConfig config = new DescentConfig(Topics.defaults(), SCHEMA, List.of(SGD), 100, 100)
                .withListings(Listings.of(Duration.ofDays(180), Duration.ofDays(1)));
        ProcessingCounters counters = new ProcessingCounters();
        LiveLearners live = new LiveLearners(config.learners());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ListingMetrics listings = ListingMetrics.bind(registry, counters, Tags.of("run_id", "r"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "listing-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(DescentTopology.build(config, counters, live), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.topics().input(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            send(input, "a", "{\"area\": 120, \"age\": 30}", T0);
            send(input, "b", "{\"area\": 90, \"age\": 10}", T0 + DAY);
            send(input, "c", "{\"area\": 70, \"age\": 50}", T0 + 2 * DAY);
            send(input, "e", "{\"area\": 60, \"age\": 40}", T0 + 3 * DAY);
            send(input, "c", "{\"price\": 150}", T0 + 2 * DAY + DAY / 2);       // sold in half a day
            send(input, "a", "{\"price\": 280}", T0 + 10 * DAY);                // ten days
            send(input, "d", "{\"area\": 100, \"age\": 20}", T0 + 25 * DAY);
            send(input, "b", "{\"price\": 210}", T0 + 31 * DAY);                // thirty days
            send(input, "f", "{\"area\": 80, \"age\": 5}", T0 + 200 * DAY);     // e, listed on day 3, expires
            driver.advanceWallClockTime(Duration.ofMillis(50));

            String scrape = registry.scrape();
            assertLine(scrape, "descent_listings_pending{run_id=\"r\"} 2.0");
            assertLine(scrape, "descent_listings_sold_total{run_id=\"r\"} 3.0");
            assertLine(scrape, "descent_listings_expired_total{run_id=\"r\"} 1.0");
            assertLine(scrape, "descent_listings_oldest_pending_age_seconds{run_id=\"r\"} " + 175 * 86_400.0);
            assertLine(scrape, "descent_label_delay_days_count{run_id=\"r\"} 3");
            assertLine(scrape, "descent_label_delay_days_sum{run_id=\"r\"} 40.5");
            assertLine(scrape, "descent_label_delay_days_max{run_id=\"r\"} 30.0");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"1.0\"} 1");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"7.0\"} 1");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"14.0\"} 2");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"30.0\"} 3");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"180.0\"} 3");
            assertLine(scrape, "descent_label_delay_days_bucket{run_id=\"r\",le=\"+Inf\"} 3");
            assertEquals(10.0, listings.medianDays(), "of 0.5, 10 and 30 days");

            ByteArrayOutputStream learners = new ByteArrayOutputStream();
            new LearnerMetrics(live::get, config.learners(), true, "r").writeTo(learners);
            String perLearner = learners.toString(StandardCharsets.UTF_8);
            assertTrue(perLearner.contains("\ndescent_learner_delayed_scored_total{batch_size=\"1\",learner=\"sgd\","
                    + "learning_rate=\"0.05\",model=\"linear\",optimizer=\"sgd\",run_id=\"r\"} 3.0\n"), perLearner);
        }
    }

    @Test
    void theMedianIsOfTheLatestThousandSales() {
        ListingMetrics listings = ListingMetrics.bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ProcessingCounters(), Tags.empty());
        assertTrue(Double.isNaN(listings.medianDays()), "no sale yet");
        for (int i = 0; i < 500; i++) {
            listings.accept(100 * DAY);
        }
        for (int i = 0; i < 1_000; i++) {
            listings.accept(i % 2 == 0 ? 2 * DAY : 4 * DAY);
        }
        assertEquals(3.0, listings.medianDays(), "the 100-day sales fell out of the window; between 2 and 4 days");
    }

    private static void send(TestInputTopic<byte[], byte[]> input, String key, String json, long time) {
        input.pipeInput(key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), time);
    }

    private static void assertLine(String scrape, String line) {
        assertTrue(scrape.lines().anyMatch(line::equals), line + " not in\n" + scrape);
    }
}
