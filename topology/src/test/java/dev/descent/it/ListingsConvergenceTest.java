package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.GeneratedCsv;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseProducer;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import dev.descent.data.ListingStream;
import dev.descent.evaluate.CsvEvaluation;
import dev.descent.evaluate.LearnerResult;
import dev.descent.evaluate.SaleTiming;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSnapshot;
import dev.descent.topology.Listings;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live and offline agree on late labels: 20,000 generated houses (seed 42, 5% never sold), a
 * thousand listed a day and each sold two days later, through the listings topology on the
 * embedded broker, and the same houses through {@code evaluate --delay-days 2}. Every learner's
 * delayed RMSE is the same number both ways, and the best learner's price quoted at listing is,
 * once it has converged, within 5% of the price it would quote at the sale.
 */
class ListingsConvergenceTest {
    static final int HOUSES = 20_000;
    static final long SEED = 42;
    static final double UNSOLD = 0.05;

    @Test
    void theLiveDelayedRmseIsTheOfflineOneAndConvergesToTheImmediate(@TempDir Path dir) throws Exception {
        List<LearnerConfig> learners = DefaultLearners.all();
        LabelDelay twoDays = new LabelDelay.Constant(Duration.ofDays(2).toMillis());
        Path csv = dir.resolve("houses.csv");
        GeneratedCsv.write(csv, new HouseGenerator(SEED, UNSOLD), HOUSES);
        List<LearnerResult> offline = CsvEvaluation.run(csv, CaliforniaHousing.schema(), learners, null, 5000, 1,
                new SaleTiming(2, ListingClock.DEFAULT_LISTINGS_PER_DAY)).learners();
        long sold = offline.get(0).rows();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions(1, Retention.DEFAULT).toArray(NewTopic[]::new));
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), learners)
                    .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("listings-convergence", bootstrap,
                    true, Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString())))) {
                app.start(Duration.ofSeconds(60));
                try (HouseProducer producer = new HouseProducer(bootstrap, Map.of())) {
                    producer.produce(topics.input(), new ListingStream(new HouseGenerator(SEED, UNSOLD), SEED, HOUSES,
                            new ListingClock(ListingClock.DEFAULT_LISTINGS_PER_DAY), twoDays));
                }
                Poll.until(Duration.ofSeconds(180), Duration.ofMillis(200),
                        () -> app.counters().soldListings() == sold && allPublished(app, sold),
                        () -> new IllegalStateException("sold " + app.counters().soldListings() + " of " + sold));
                assertEquals(HOUSES - sold, app.counters().pendingListings(), "the houses never sold");

                for (LearnerResult expected : offline) {
                    LearnerSnapshot live = app.live().get(expected.id());
                    assertEquals(sold, live.delayedScored(), expected.id());
                    assertEquals(expected.delayedRmse(), live.delayedRmse(), 1e-9 * expected.delayedRmse(),
                            expected.id() + ": the same quotes scored against the same sales");
                    assertEquals(expected.rmse(), live.rmse(), 1e-9 * expected.rmse(), expected.id());
                }
                LearnerSnapshot best = app.live().get("linear-rls");
                double cost = best.delayedRecentRmse() / best.recentRmse() - 1;
                assertTrue(Math.abs(cost) < 0.05, "quoted two days early, the last 1,000 sales: " + best.delayedRecentRmse()
                        + " against " + best.recentRmse() + " at the sale");
            }
        }
    }

    private static boolean allPublished(DescentApp app, long sold) {
        return app.live().all().stream().allMatch(s -> s.delayedScored() == sold);
    }
}
