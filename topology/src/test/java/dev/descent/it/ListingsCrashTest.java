package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.Listings;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once between a listing and its sale: {@code descent run --listings} in a child JVM is
 * killed with SIGKILL once 50,000 listings wait for their sales and the sales are streaming in;
 * the app restarted with the same id must learn every sale once, score every listing's prediction
 * once, and keep exactly the listings that were never sold.
 */
class ListingsCrashTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LISTED_FIRST = 50_000;
    static final int LISTED_LATER = 10_000;
    static final int SOLD = 40_000;
    static final String APP = "listings-crash";
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    /** A thousand listings a day; each sold house sells 60 days (60,000 listings) later. */
    static final long GAP = Duration.ofDays(1).toMillis() / 1000;
    static final long DELAY = Duration.ofDays(60).toMillis();

    @Test
    void aKilledAppLearnsEverySaleOnceAndKeepsEveryUnsoldListing(@TempDir Path dir) throws Exception {
        List<byte[][]> records = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        HouseGenerator generator = new HouseGenerator(11);
        List<GeneratedHouse> houses = new ArrayList<>();
        for (int i = 0; i < LISTED_FIRST + LISTED_LATER; i++) {
            houses.add(generator.nextHouse());
        }
        for (int i = 0; i < LISTED_FIRST; i++) {
            add(records, times, houses.get(i).key(), listing(houses.get(i)), T0 + i * GAP);
        }
        // The sales of the first 40,000 houses, each listing of the last 10,000 between two of them.
        for (int i = 0; i < SOLD; i++) {
            add(records, times, houses.get(i).key(), sale(houses.get(i)), T0 + i * GAP + DELAY);
            if (i % 4 == 0) {
                int later = LISTED_FIRST + i / 4;
                add(records, times, houses.get(later).key(), listing(houses.get(later)), T0 + i * GAP + DELAY);
            }
        }
        long[] timestamps = times.stream().mapToLong(Long::longValue).toArray();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            // Retention by size only: a time limit counts from the records' event times, months ago.
            kafka.createTopics(topics.definitions(1, Retention.DEFAULT).toArray(NewTopic[]::new));
            TopicWriter.write(bootstrap, topics.input(), records.subList(0, LISTED_FIRST),
                    java.util.Arrays.copyOf(timestamps, LISTED_FIRST));

            Process child = startRun(bootstrap, dir.resolve("child.log"));
            try {
                TopicReader.read(bootstrap, topics.predictions(), LISTED_FIRST, Duration.ofSeconds(120), false);
                Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(),
                        records.subList(LISTED_FIRST, records.size()),
                        java.util.Arrays.copyOfRange(timestamps, LISTED_FIRST, records.size())));
                writer.start();
                // Killed with about 50,000 listings pending: the first sales have just begun to come.
                TopicReader.read(bootstrap, topics.predictions(), LISTED_FIRST + 200, Duration.ofSeconds(120), false);
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is gone");
                writer.join();
            } finally {
                child.destroyForcibly();
            }

            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties(APP, bootstrap, true,
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString())))) {
                app.start(Duration.ofSeconds(120));
                List<ConsumerRecord<byte[], byte[]>> predictions = TopicReader.readCommitted(bootstrap,
                        topics.predictions(), records.size(), Duration.ofSeconds(180));
                assertEquals(records.size(), predictions.size(), "one committed prediction per listing and per sale");
                Set<String> listed = new HashSet<>();
                Set<String> sold = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> p : predictions) {
                    JsonNode json = JSON.readTree(p.value());
                    String key = new String(p.key(), StandardCharsets.UTF_8);
                    if (json.get("label").isNull()) {
                        assertTrue(listed.add(key), "one prediction per listing: " + key);
                    } else {
                        assertTrue(sold.add(key), "one learned sale per house: " + key);
                        assertTrue(json.has("listed"), "scored against its listing's prediction: " + key);
                        assertEquals(DELAY, json.get("labelDelayMs").asLong());
                    }
                }
                assertEquals(LISTED_FIRST + LISTED_LATER, listed.size());
                assertEquals(SOLD, sold.size());
                for (LearnerSlot slot : app.learners()) {
                    assertEquals(SOLD, slot.learner().records(), slot.learner().config().id() + ": every sale learned once");
                }
                assertEquals(LISTED_FIRST + LISTED_LATER - SOLD, app.counters().pendingListings(),
                        "pending: the listings without a sale");
                assertEquals(SOLD, app.counters().soldListings());
                assertEquals(0, app.counters().expiredListings());
            }
        }
    }

    private static void add(List<byte[][]> records, List<Long> times, String key, byte[] value, long time) {
        records.add(new byte[][] {key.getBytes(StandardCharsets.UTF_8), value});
        times.add(time);
    }

    /** The house without its price. */
    private static byte[] listing(GeneratedHouse house) throws IOException {
        ObjectNode fields = (ObjectNode) JSON.readTree(house.toMessage().value());
        fields.remove(CaliforniaHousing.schema().label());
        return JSON.writeValueAsBytes(fields);
    }

    /** The price alone. */
    private static byte[] sale(GeneratedHouse house) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put(CaliforniaHousing.schema().label(),
                house.medianHouseValue()));
    }

    /** {@code descent run --listings} in its own JVM, so it can be killed outright. */
    static Process startRun(String bootstrap, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.descent.cli.DescentCommand",
                "run", "--bootstrap-servers", bootstrap, "--application-id", APP, "--listings", "--state-dir", log.resolveSibling("state").toString(), "--progress-every", "1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
