package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Listings;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does from a shell with Debian's kcat: produce house records the app learns from, and
 * consume its predictions. Skipped with a message when kcat is not installed ({@code .ci/run}
 * installs it).
 */
class KcatTest {
    static final int RECORDS = 300;

    /** Per test, not @BeforeAll: an assumption failing there reports "Tests run: 0", not a skip with its reason. */
    @BeforeEach
    void kcatIsInstalled() {
        assumeTrue(ExternalTool.runs("kcat", "-V"), "kcat is not installed (Debian: apt-get install kcat); skipping the kcat test");
    }

    @Test
    void kcatProducesRecordsTheAppLearnsAndConsumesItsPredictions(@TempDir Path dir) throws Exception {
        GeneratedRecords records = GeneratedRecords.of(RECORDS, 11, 0.1);
        List<String> lines = new ArrayList<>();
        for (byte[][] kv : records.keyValues()) {
            lines.add(new String(kv[0], StandardCharsets.UTF_8) + "\t" + new String(kv[1], StandardCharsets.UTF_8));
        }
        Path input = Files.write(dir.resolve("houses.tsv"), lines);

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("kcat", bootstrap, true,
                    Map.of())).start(Duration.ofSeconds(60))) {
                Process producer = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", topics.input(), "-K", "\t",
                        "-l", input.toString()).redirectErrorStream(true).start();
                assertTrue(producer.waitFor(60, TimeUnit.SECONDS), "kcat -P finished");
                assertEquals(0, producer.exitValue(), output(producer));

                Process consumer = new ProcessBuilder("kcat", "-C", "-b", bootstrap, "-t", topics.predictions(),
                        "-o", "beginning", "-c", Integer.toString(RECORDS), "-q", "-f", "%k\\t%s\\n",
                        "-X", "isolation.level=read_committed")
                        .redirectOutput(dir.resolve("predictions.tsv").toFile())
                        .redirectError(dir.resolve("kcat.err").toFile())
                        .start();
                assertTrue(consumer.waitFor(90, TimeUnit.SECONDS), "kcat -C finished");
                assertEquals(0, consumer.exitValue(), Files.readString(dir.resolve("kcat.err")));
                String consumed = Files.readString(dir.resolve("predictions.tsv"));

                ObjectMapper json = new ObjectMapper();
                Set<String> keys = new HashSet<>();
                for (String line : consumed.split("\n")) {
                    String[] kv = line.split("\t", 2);
                    assertEquals(2, kv.length, "key<TAB>value: '" + line + "' in " + consumed.length() + " chars");
                    JsonNode prediction = json.readTree(kv[1]);
                    assertEquals(kv[0], prediction.get("key").asText());
                    assertEquals(config.learners().size(), prediction.get("predictions").size(), line);
                    keys.add(kv[0]);
                }
                assertEquals(records.keys(), keys, "one prediction per record kcat produced");
                for (LearnerSlot slot : app.learners()) {
                    assertEquals(records.labeled(), slot.learner().records(), slot.learner().config().id());
                }
            }
        }
    }

    /** The README's example (section "Listings and sales"): a house listed, then sold, from a shell. */
    static final String LISTING = "house-1:{\"longitude\":-122.23,\"latitude\":37.88,\"housing_median_age\":41,"
            + "\"total_rooms\":880,\"total_bedrooms\":129,\"population\":322,\"households\":126,"
            + "\"median_income\":8.3252,\"ocean_proximity\":\"NEAR BAY\"}";
    static final String SALE = "house-1:{\"median_house_value\":452600}";

    @Test
    void kcatListsAHouseAndSellsItAndTheSaleIsScoredAgainstTheListingsPrice(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("kcat-listings", bootstrap, true,
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString()))).start(Duration.ofSeconds(60))) {
                for (String line : List.of(LISTING, SALE)) {
                    Process producer = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", topics.input(), "-K:")
                            .redirectErrorStream(true).start();
                    producer.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    producer.getOutputStream().close();
                    assertTrue(producer.waitFor(60, TimeUnit.SECONDS), "kcat -P finished");
                    assertEquals(0, producer.exitValue(), output(producer));
                }
                Process consumer = new ProcessBuilder("kcat", "-C", "-b", bootstrap, "-t", topics.predictions(),
                        "-o", "beginning", "-c", "2", "-q", "-X", "isolation.level=read_committed")
                        .redirectError(dir.resolve("kcat.err").toFile()).start();
                assertTrue(consumer.waitFor(90, TimeUnit.SECONDS), "kcat -C finished");
                String[] consumed = output(consumer).split("\n");
                assertEquals(0, consumer.exitValue(), Files.readString(dir.resolve("kcat.err")));
                ObjectMapper json = new ObjectMapper();
                JsonNode listing = json.readTree(consumed[0]);
                JsonNode sale = json.readTree(consumed[1]);
                assertTrue(listing.get("label").isNull(), consumed[0]);
                assertEquals(452_600, sale.get("label").asDouble(), consumed[1]);
                assertEquals(listing.get("predictions"), sale.get("listed"), "scored against the price quoted at listing");
                assertTrue(sale.get("labelDelayMs").asLong() >= 0, consumed[1]);
                assertEquals(1, app.counters().soldListings());
                assertEquals(0, app.counters().pendingListings());
            }
        }
    }

    static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
