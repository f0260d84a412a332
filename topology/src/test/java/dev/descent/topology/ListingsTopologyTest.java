package dev.descent.topology;

import static dev.descent.topology.DescentTopologyTest.house;
import static dev.descent.topology.DescentTopologyTest.read;
import static dev.descent.topology.DescentTopologyTest.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Listings and sales on the test driver: each path a house can take between its two events. */
class ListingsTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final LearnerConfig SGD = sgd("sgd", 1);

    private static void withListings(Consumer<DescentTopologyTest.Harness> body) {
        DescentTopologyTest.withDriver(new DescentConfig(Topics.defaults(), DescentTopologyTest.SCHEMA,
                List.of(SGD, sgd("other", 1)), 100, 100).withListings(Listings.of(Duration.ofDays(180),
                Duration.ofDays(1))), body);
    }

    private static void send(DescentTopologyTest.Harness h, String key, String json, long time) {
        h.input().pipeInput(key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), time);
    }

    private static void send(DescentTopologyTest.Harness h, String key, byte[] value, long time) {
        h.input().pipeInput(key.getBytes(StandardCharsets.UTF_8), value, time);
    }

    private static List<TestRecord<byte[], byte[]>> records(DescentTopologyTest.Harness h, String topic) {
        return h.output(topic).readRecordsToList();
    }

    private static String reason(TestRecord<byte[], byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader(ValidateProcessor.REASON).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aSaleIsScoredAgainstItsListingsPredictionAndLearnedFromTheListingsFeatures() {
        Learner reference = new Learner(SGD, 2);
        reference.learn(new double[] {100, 5}, 300);       // a house sold at once, to make the model non-zero
        withListings(h -> {
            sellAtOnce(h);
            send(h, "a", house(120, 30, null), T0 + DAY);
            send(h, "a", "{\"price\": 280}", T0 + 31 * DAY);
            List<JsonNode> predictions = h.predictions().subList(2, 4);
            JsonNode listing = predictions.get(0);
            assertTrue(listing.get("label").isNull(), "a listing is predicted, not learned");
            double listed = reference.predict(new double[] {120, 30});
            assertEquals(listed, listing.get("predictions").get("sgd").asDouble(), 0.0);

            double atSale = reference.learn(new double[] {120, 30}, 280);
            JsonNode sale = predictions.get(1);
            assertEquals("a", sale.get("key").asText());
            assertEquals(280.0, sale.get("label").asDouble());
            assertEquals(atSale, sale.get("predictions").get("sgd").asDouble(), 0.0,
                    "the sale is learned from the listing's features");
            assertEquals(listed, sale.get("listed").get("sgd").asDouble(), 0.0);
            assertEquals(30 * DAY, sale.get("labelDelayMs").asLong());
            assertArrayEquals(reference.parameters(), h.stored("sgd").learner().parameters(), 0.0);

            h.driver().advanceWallClockTime(Duration.ofMillis(50));
            LearnerSnapshot figures = h.live().get("sgd");
            assertEquals(2, figures.delayedScored());
            assertEquals(Math.sqrt(((300 - 0.0) * (300 - 0.0) + (280 - listed) * (280 - listed)) / 2), figures.delayedRmse(),
                    1e-9);
            assertEquals(2, figures.records());
            assertEquals(0, h.counters().pendingListings());
            assertEquals(2, h.counters().soldListings());
        });
    }

    @Test
    void theLossReportCarriesTheDelayedRmseNextToTheImmediateOne() {
        Learner reference = new Learner(SGD, 2);
        DescentTopologyTest.withDriver(new DescentConfig(Topics.defaults(), DescentTopologyTest.SCHEMA, List.of(SGD), 1, 100)
                .withListings(Listings.of(Duration.ofDays(180), Duration.ofDays(1))), h -> {
            send(h, "a", house(120, 30, null), T0);
            send(h, "b", house(100, 5, null), T0);                  // both listed while the model is zero
            send(h, "a", "{\"price\": 280}", T0 + DAY);
            send(h, "b", "{\"price\": 300}", T0 + 2 * DAY);
            double aAtSale = reference.learn(new double[] {120, 30}, 280);
            double bAtSale = reference.learn(new double[] {100, 5}, 300);
            List<TestRecord<byte[], byte[]>> loss = records(h, h.topics().loss());
            assertEquals(2, loss.size(), "one report per sale");
            JsonNode last = read(loss.get(1).value());
            assertEquals(2, last.get("delayedScored").asLong());
            assertEquals(Math.sqrt((280.0 * 280 + 300.0 * 300) / 2), last.get("delayedRmse").asDouble(), 1e-9,
                    "both scored on the zero model's listing-time predictions");
            assertEquals(Math.sqrt(((280 - aAtSale) * (280 - aAtSale) + (300 - bAtSale) * (300 - bAtSale)) / 2),
                    last.get("rmse").asDouble(), 1e-9, "b's sale predicted after a was learned");
            assertTrue(last.get("rmse").asDouble() < last.get("delayedRmse").asDouble());
        });
    }

    /** Lists and sells a house at {@code T0}: the learners learn (100, 5) → 300. */
    private static void sellAtOnce(DescentTopologyTest.Harness h) {
        send(h, "warm", house(100, 5, null), T0);
        send(h, "warm", house(100, 5, 300.0), T0);
    }

    @Test
    void aSalesOwnFeaturesOverrideItsListingsFieldByField() {
        Learner reference = new Learner(SGD, 2);
        withListings(h -> {
            send(h, "a", house(120, 30, null), T0);
            send(h, "a", "{\"age\": 31, \"price\": 280}", T0 + 5 * DAY);
            reference.learn(new double[] {120, 31}, 280);
            assertArrayEquals(reference.parameters(), h.stored("sgd").learner().parameters(), 0.0);
        });
    }

    @Test
    void aListingUpdateReplacesTheFeaturesAndThePredictionAndIsStillOneHouse() {
        Learner reference = new Learner(SGD, 2);
        withListings(h -> {
            sellAtOnce(h);
            reference.learn(new double[] {100, 5}, 300);
            send(h, "a", house(120, 30, null), T0 + DAY);
            send(h, "a", "{\"area\": 90}", T0 + 2 * DAY);           // a correction: the age stays 30
            assertEquals(1, h.counters().pendingListings());
            send(h, "a", "{\"price\": 250}", T0 + 12 * DAY);
            List<JsonNode> predictions = h.predictions().subList(1, 5);
            double updated = reference.predict(new double[] {90, 30});
            assertEquals(updated, predictions.get(2).get("predictions").get("sgd").asDouble(), 0.0);
            JsonNode sale = predictions.get(3);
            assertEquals(updated, sale.get("listed").get("sgd").asDouble(), 0.0, "scored on the latest prediction");
            assertEquals(10 * DAY, sale.get("labelDelayMs").asLong(), "measured from that prediction");
            reference.learn(new double[] {90, 30}, 250);
            assertArrayEquals(reference.parameters(), h.stored("sgd").learner().parameters(), 0.0);
            assertEquals(0, h.counters().pendingListings());
        });
    }

    @Test
    void aSaleBeforeItsListingWaitsForItWithinTheGrace() {
        Learner reference = new Learner(SGD, 2);
        withListings(h -> {
            send(h, "a", "{\"price\": 280}", T0);
            assertEquals(List.of(), h.predictions(), "held: nothing to learn from yet");
            send(h, "a", house(120, 30, null), T0 + 3_600_000);
            List<JsonNode> predictions = h.predictions();
            assertEquals(2, predictions.size(), "the listing's prediction, then its sale's");
            JsonNode sale = predictions.get(1);
            assertEquals(280.0, sale.get("label").asDouble());
            assertEquals(0, sale.get("labelDelayMs").asLong(), "the sale came first: no delay");
            reference.learn(new double[] {120, 30}, 280);
            assertArrayEquals(reference.parameters(), h.stored("sgd").learner().parameters(), 0.0);
            assertEquals(0, h.counters().pendingListings());
            assertEquals(1, h.counters().soldListings());
        });
    }

    @Test
    void aSaleWhoseListingDoesNotComeIsLearnedFromItsOwnFeaturesOrDeadLettered() {
        Learner reference = new Learner(SGD, 2);
        withListings(h -> {
            send(h, "bare", "{\"price\": 280}", T0);
            send(h, "full", house(120, 30, 300.0), T0 + 1000);
            send(h, "later", house(1, 1, null), T0 + 2 * DAY);            // stream time passes the grace
            List<TestRecord<byte[], byte[]>> dead = records(h, h.topics().deadLetters());
            assertEquals(1, dead.size());
            assertEquals("bare", new String(dead.get(0).key(), StandardCharsets.UTF_8));
            assertEquals("no_listing", reason(dead.get(0)));
            assertEquals(null, dead.get(0).headers().lastHeader(ValidateProcessor.SOURCE_OFFSET),
                    "given up by a punctuation, which has no source record");
            assertEquals("{\"price\": 280}", new String(dead.get(0).value(), StandardCharsets.UTF_8),
                    "the sale's bytes as they came");
            List<JsonNode> predictions = h.predictions();
            JsonNode full = predictions.stream().filter(p -> p.get("key").asText().equals("full")).findFirst().orElseThrow();
            assertEquals(reference.learn(new double[] {120, 30}, 300), full.get("predictions").get("sgd").asDouble(), 0.0);
            assertFalse(full.has("listed"), "no listing, no delayed score");
            assertEquals(1, h.counters().deadLetters(DeadLetterReason.NO_LISTING));
            assertEquals(1, h.counters().pendingListings(), "only 'later' is listed");
            assertEquals(0, h.counters().soldListings());
        });
    }

    @Test
    void aSecondSaleIsADeadLetterAndNotLearned() {
        withListings(h -> {
            send(h, "a", house(120, 30, null), T0);
            send(h, "a", "{\"price\": 280}", T0 + DAY);
            send(h, "a", "{\"price\": 280}", T0 + 2 * DAY);
            List<TestRecord<byte[], byte[]>> dead = records(h, h.topics().deadLetters());
            assertEquals(1, dead.size());
            assertEquals("duplicate_sale", reason(dead.get(0)));
            assertEquals("2", new String(dead.get(0).headers().lastHeader(ValidateProcessor.SOURCE_OFFSET).value(),
                    StandardCharsets.UTF_8), "the third record of the input");
            assertEquals(1, h.stored("sgd").learner().records(), "learned once");
            assertEquals(1, h.counters().soldListings());
        });
    }

    @Test
    void aSoldMarkIsForgottenWhenItsListingsWindowEndsAndALaterSaleIsANewOne() {
        withListings(h -> {
            send(h, "a", house(120, 30, null), T0);
            send(h, "a", "{\"price\": 280}", T0 + DAY);
            send(h, "b", house(100, 20, null), T0 + 181 * DAY);          // stream time passes a's window
            send(h, "a", house(120, 30, 300.0), T0 + 182 * DAY);
            send(h, "c", house(90, 10, null), T0 + 184 * DAY);           // and the new sale's grace
            assertEquals(List.of(), records(h, h.topics().deadLetters()), "not a duplicate any more");
            assertEquals(List.of(), records(h, h.topics().expired()), "a sold house does not expire");
            assertEquals(2, h.stored("sgd").learner().records(), "both sales learned");
            assertEquals(2, h.counters().pendingListings(), "b and c");
        });
    }

    @Test
    void aListingUnsoldForTheLabelWindowExpiresByStreamTime() {
        withListings(h -> {
            send(h, "a", house(120, 30, null), T0);
            send(h, "b", house(100, 20, null), T0 + 100 * DAY);
            assertEquals(List.of(), records(h, h.topics().expired()));
            send(h, "c", house(90, 10, null), T0 + 181 * DAY);
            List<TestRecord<byte[], byte[]>> expired = records(h, h.topics().expired());
            assertEquals(1, expired.size());
            JsonNode a = read(expired.get(0).value());
            assertEquals("a", a.get("key").asText());
            assertEquals(T0, a.get("listedAt").asLong());
            assertTrue(a.get("expiredAt").asLong() >= T0 + 180 * DAY);
            assertEquals(0.0, a.get("predictions").get("sgd").asDouble(), "predicted by the zero model");
            assertEquals(2, h.counters().pendingListings());
            assertEquals(1, h.counters().expiredListings());
            send(h, "a", "{\"price\": 280}", T0 + 182 * DAY);
            send(h, "d", house(1, 1, null), T0 + 184 * DAY);
            assertEquals("no_listing", reason(records(h, h.topics().deadLetters()).get(0)),
                    "an expired listing's late sale has nothing to learn from");
        });
    }

    @Test
    void listingsNeverSoldStayPendingAndAreNeverLearned() {
        withListings(h -> {
            for (int i = 0; i < 50; i++) {
                send(h, "h" + i, house(100 + i, 5, null), T0 + i * DAY);
            }
            assertEquals(50, h.predictions().size());
            assertEquals(50, h.counters().pendingListings());
            h.driver().advanceWallClockTime(Duration.ofMillis(50));
            assertEquals(0, h.live().get("sgd").records());
            assertEquals(49 * DAY, h.counters().oldestPendingAgeMillis(), "the first listing, 49 days ago in event time");
            assertEquals(List.of(), records(h, h.topics().expired()));
        });
    }
}
