package dev.descent.observe;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.config.DefaultLearners;
import dev.descent.it.ExternalTool;
import dev.descent.it.GeneratedRecords;
import dev.descent.it.TopicWriter;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Listings;
import dev.descent.topology.ModelKeys;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as Prometheus sees it: Debian's {@code prometheus} scrapes {@code /metrics} of an app
 * learning on the in-JVM broker, and every PromQL expression of every dashboard panel must return
 * at least one series through the Prometheus HTTP API; every metric the dashboards name must be
 * one the app exports. Listings and model keys do not go together in one app, so the model keys
 * row is asked of an app with keys, every other row of an app with listings. Skipped with a
 * message when {@code prometheus} is absent ({@code .ci/run} installs it).
 */
class PrometheusScrapeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    /** Per test, not @BeforeAll: an assumption failing there reports "Tests run: 0", not a skip with its reason. */
    @BeforeEach
    void prometheusIsInstalled() {
        assumeTrue(ExternalTool.runs("prometheus", "--version"),
                "prometheus is not installed (Debian: apt-get install prometheus); skipping the Prometheus test");
    }

    @Test
    void everyDashboardQueryReturnsSeriesFromTheLiveApp(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords houses = GeneratedRecords.of(3_000, 5, 0.05);
            List<byte[][]> records = listedThenSold(houses.keyValues());
            records.add(new byte[][] {"bad".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8)});
            TopicWriter.write(kafka.bootstrapServers(), topics.input(), records);
            // A short champion window, so the market move below changes the champion within its 3,000 houses;
            // listings on, so the dashboard's listings row has its series too.
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withChampion(new DescentConfig.ChampionRule(200, 0.05))
                    .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("prometheus-test",
                    kafka.bootstrapServers(), true, Map.of()));
                 Observability observability = Observability.start(app, new InetSocketAddress("127.0.0.1", 0), "test-run")) {
                app.start(Duration.ofSeconds(60));
                Map<String, List<String>> rows = DashboardQueries.byRow();
                // the model keys row is asked of the keyed app below
                assertTrue(rows.remove(DashboardQueries.MODEL_KEYS_ROW) != null, "no model keys row in " + rows.keySet());
                List<String> queries = rows.values().stream().flatMap(List::stream).toList();
                List<String> named = new ArrayList<>(queries);
                named.addAll(DashboardQueries.annotations());
                Set<String> unknown = new TreeSet<>(DashboardQueries.metricNames(named));
                unknown.removeAll(exportedNames(get("http://127.0.0.1:" + observability.port() + "/metrics")));
                assertEquals(Set.of(), unknown, "metrics the dashboards query but the app does not export");

                int prometheusPort = freePort();
                Process prometheus = startPrometheus(dir, observability.port(), prometheusPort);
                try {
                    String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
                    List<String> empty = new ArrayList<>();
                    awaitAllAnswer(api, queries, empty, Duration.ofSeconds(90));
                    assertEquals(List.of(), empty, "dashboard queries without a series; prometheus log:\n"
                            + Files.readString(dir.resolve("prometheus.log")));
                    // every record read and committed: the group's lag, read from the cluster, comes to 0
                    String appMetrics = "http://127.0.0.1:" + observability.port() + "/metrics";
                    dev.descent.Poll.until(Duration.ofSeconds(60), Duration.ofSeconds(1),
                            () -> lag(appMetrics).equals("descent_input_lag_records{run_id=\"test-run\",topic=\"houses\"} 0.0"),
                            () -> new IllegalStateException("the group's lag never came to 0: " + lag(appMetrics)));
                    assertListingsAnswered(observability, houses);
                    List<String> states = get(appMetrics).lines().filter(l -> l.startsWith("descent_app_state{")).toList();
                    assertTrue(states.contains("descent_app_state{run_id=\"test-run\",state=\"running\"} 1.0"), states.toString());
                    assertEquals(1, states.stream().filter(l -> l.endsWith(" 1.0")).count(), "one state at a time: " + states);

                    // the market moves (every price × 1.6) while Prometheus watches: the annotations mark it
                    TopicWriter.write(kafka.bootstrapServers(), topics.input(),
                            listedThenSold(moved(GeneratedRecords.of(3_000, 6, 0), 1.6)));
                    List<String> annotations = DashboardQueries.annotations();
                    assertEquals(2, annotations.size(), "drift and champion annotations: " + annotations);
                    awaitAllAnswer(api, annotations, empty, Duration.ofSeconds(90));
                    assertEquals(List.of(), empty, "annotation queries without a series after a market move; /metrics:\n"
                            + get(appMetrics).lines().filter(l -> l.contains("drift") || l.contains("champion")).toList());
                } finally {
                    prometheus.destroy();
                    prometheus.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * The model keys' series as Prometheus reads them, from an app keyed by ocean_proximity: the
     * keys held, each learner's keyed RMSE, the busiest keys by name and the quantiles; and every
     * query of the dashboard's model keys row returns a series.
     */
    @Test
    void theModelKeysSeriesAreScrapedFromAKeyedApp(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.keyedDefinitions(1, 2).toArray(NewTopic[]::new));
            TopicWriter.write(kafka.bootstrapServers(), topics.input(), GeneratedRecords.of(3_000, 5, 0.05).keyValues());
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withModelKeys(new ModelKeys("ocean_proximity", 2, 100, 100, Duration.ZERO, true, true, false, 3));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("prometheus-keyed-test",
                    kafka.bootstrapServers(), true, Map.of()));
                 Observability observability = Observability.start(app, new InetSocketAddress("127.0.0.1", 0), "keyed")) {
                app.start(Duration.ofSeconds(60));
                int prometheusPort = freePort();
                Process prometheus = startPrometheus(dir, observability.port(), prometheusPort);
                try {
                    String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
                    List<String> empty = new ArrayList<>();
                    // Five classes, four of them with more than a few houses: at least 4 keys, the 3 busiest by name.
                    List<String> queries = new ArrayList<>(List.of("descent_model_keys{run_id=\"keyed\"} >= 4",
                            "descent_keyed_rmse{run_id=\"keyed\",learner=\"linear-rls\"} > 0",
                            "descent_keyed_served_rmse{run_id=\"keyed\"} > 0",
                            "count(descent_key_records{run_id=\"keyed\"}) == 3",
                            "descent_key_records{run_id=\"keyed\",key=\"<1H OCEAN\"} > 0",
                            "count(descent_key_learner_rmse{run_id=\"keyed\",key=\"<1H OCEAN\"} > 0) == "
                                    + DefaultLearners.all().size(),
                            "count(descent_key_rmse_quantile{run_id=\"keyed\"} > 0) == 4"));
                    List<String> row = DashboardQueries.byRow().get(DashboardQueries.MODEL_KEYS_ROW);
                    assertTrue(row != null && row.size() >= 5, "the dashboard's model keys row: " + row);
                    queries.addAll(row);
                    awaitAllAnswer(api, queries, empty, Duration.ofSeconds(90));
                    assertEquals(List.of(), empty, "keyed queries without a series; /metrics:\n"
                            + get("http://127.0.0.1:" + observability.port() + "/metrics"));
                } finally {
                    prometheus.destroy();
                    prometheus.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Debian's prometheus on {@code prometheusPort}, scraping the app's port every second, its files in {@code dir}. */
    static Process startPrometheus(Path dir, int appPort, int prometheusPort) throws IOException {
        Path scrapeConfig = dir.resolve("prometheus.yml");
        Files.writeString(scrapeConfig, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: descent\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + appPort + "']\n");
        return new ProcessBuilder("prometheus", "--config.file=" + scrapeConfig,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** Rates need two samples in their window, so ask until every query answers or time is up. */
    static void awaitAllAnswer(String api, List<String> queries, List<String> empty, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            empty.clear();
            for (String query : queries) {
                if (series(api, query) == 0) {
                    empty.add(query);
                }
            }
            if (empty.isEmpty() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(2_000);
        }
    }

    /** Series in the answer to {@code query}; 0 also while Prometheus is not up or not ready (503) yet. */
    static int series(String api, String query) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            JsonNode answer = JSON.readTree(response.body());
            if (!"success".equals(answer.path("status").asText())) {
                return 0;
            }
            return answer.path("data").path("result").size();
        } catch (IOException | InterruptedException e) {
            return 0; // Prometheus still starting
        }
    }

    /**
     * Every house listed (without its price), then every house sold (the record as generated), in
     * the same order; a house generated without a price is listed twice and never sold.
     */
    private static List<byte[][]> listedThenSold(List<byte[][]> houses) throws IOException {
        List<byte[][]> listings = new ArrayList<>();
        for (byte[][] kv : houses) {
            ObjectNode house = (ObjectNode) JSON.readTree(kv[1]);
            house.remove("median_house_value");
            listings.add(new byte[][] {kv[0], JSON.writeValueAsBytes(house)});
        }
        listings.addAll(houses);
        return listings;
    }

    /** {@code /api/learners} with every house read: its sales scored by every learner, its unsold listings pending. */
    private static void assertListingsAnswered(Observability observability, GeneratedRecords houses) throws Exception {
        JsonNode answer = JSON.readTree(get("http://127.0.0.1:" + observability.port() + "/api/learners"));
        JsonNode listings = answer.path("listings");
        assertEquals(houses.labeled(), listings.path("sold").asLong(), answer.toString());
        assertEquals(houses.keyValues().size() - houses.labeled(), listings.path("pending").asLong(), answer.toString());
        assertEquals(0, listings.path("expired").asLong(), answer.toString());
        // listed and sold within seconds of wall-clock time, which stamps the records
        assertTrue(listings.path("medianLabelDelayDays").asDouble() < 1e-3, answer.toString());
        for (JsonNode learner : answer.path("learners")) {
            assertEquals(houses.labeled(), learner.path("delayedScored").asLong(), learner.toString());
            assertTrue(learner.path("delayedRmse").isNumber() || learner.path("status").asText().equals("diverged"),
                    learner.toString());
        }
    }

    /** The records with every price times {@code factor}, under new keys. */
    private static List<byte[][]> moved(GeneratedRecords records, double factor) throws IOException {
        List<byte[][]> moved = new ArrayList<>();
        for (byte[][] kv : records.keyValues()) {
            ObjectNode house = (ObjectNode) JSON.readTree(kv[1]);
            house.put("median_house_value", house.path("median_house_value").asDouble() * factor);
            moved.add(new byte[][] {("moved-" + new String(kv[0], StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(house)});
        }
        return moved;
    }

    static Set<String> exportedNames(String metrics) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE_NAME.matcher(metrics);
        while (m.find()) {
            String name = m.group(1);
            names.add(name);
            // Histograms and summaries are queried by their family name too.
            names.add(name.replaceAll("_(bucket|count|sum|max)$", ""));
        }
        return names;
    }

    /** The group lag's line of a scrape. */
    private static String lag(String metricsUrl) {
        try {
            return get(metricsUrl).lines().filter(l -> l.startsWith("descent_input_lag_records")).findFirst().orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200, url + " answered " + response.statusCode());
        return response.body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
