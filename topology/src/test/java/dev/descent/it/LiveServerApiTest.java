package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.observe.LiveServer;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The app's HTTP answers as a program meets them: what it may ask, what a bad question gets, and an instance that holds nothing yet. */
class LiveServerApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The status line and body of a request written by hand, for what HttpClient would not send. */
    private static String raw(LiveServer server, String pathAndQuery) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> call(LiveServer server, String method, String pathAndQuery)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void shouldAnswerOnlyReadsAndExplainEveryBadQuestion() throws Exception {
        DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
        Properties properties = StreamsSettings.properties("api-idle", "127.0.0.1:1", true, Map.of());
        try (DescentApp idle = new DescentApp(config, properties);
             LiveServer server = LiveServer.start(new InetSocketAddress("127.0.0.1", 0), idle, () -> new byte[0],
                     () -> Double.NaN, "r")) {
            for (String path : new String[] {"/", "/api/learners", "/metrics", "/api/predict?median_income=3"}) {
                for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                    HttpResponse<String> response = call(server, method, path);
                    assertEquals(405, response.statusCode(), method + " " + path);
                    assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method + " " + path);
                }
            }
            Map<String, String> bad = Map.of(
                    "/api/predict?ocean_proximity=MARS", "field 'ocean_proximity': 'MARS' is none of its categories"
                            + " [<1H OCEAN, INLAND, ISLAND, NEAR BAY, NEAR OCEAN]",
                    "/api/predict?ocean_proximity=near%20bay", "field 'ocean_proximity': 'near bay' is none of its categories",
                    "/api/predict?median_income=abc", "field 'median_income': not a number: 'abc'",
                    "/api/predict?median_income=NaN", "field 'median_income': non-finite value NaN",
                    "/api/predict?median_income=3&median_income=4", "parameter 'median_income' is given twice",
                    "/api/predict?rooms=3", "unknown field 'rooms'");
            for (Map.Entry<String, String> question : bad.entrySet()) {
                HttpResponse<String> response = call(server, "GET", question.getKey());
                assertEquals(400, response.statusCode(), question.getKey() + ": " + response.body());
                assertTrue(error(response).startsWith(question.getValue()), question.getKey() + ": " + response.body());
            }
            // The JDK's server refuses a request line that is no URI before any handler sees it: a 400 of its own.
            String malformed = raw(server, "/api/predict?median_income=%zz");
            assertTrue(malformed.startsWith("HTTP/1.1 400"), malformed);
            HttpResponse<String> nothingYet = call(server, "GET", "/api/predict?median_income=3&ocean_proximity=%20INLAND");
            assertEquals(503, nothingYet.statusCode(), nothingYet.body());
            assertTrue(error(nothingYet).contains("holds no learners yet"), nothingYet.body());
        }
    }

    private static List<String> iterableToList(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void shouldPredictWithEveryLearnerOnceTheAppLearns() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            TopicWriter.write(kafka.bootstrapServers(), topics.input(), GeneratedRecords.of(2_000, 3, 0).keyValues());
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            Properties properties = StreamsSettings.properties("api", kafka.bootstrapServers(), true, Map.of());
            try (DescentApp app = new DescentApp(config, properties).start(Duration.ofSeconds(90));
                 LiveServer server = LiveServer.start(new InetSocketAddress("127.0.0.1", 0), app, () -> new byte[0],
                         () -> Double.NaN, "r")) {
                TopicReader.read(kafka.bootstrapServers(), topics.predictions(), 2_000, Duration.ofSeconds(90), false);

                HttpResponse<String> response = call(server, "GET",
                        "/api/predict?median_income=8.3&ocean_proximity=NEAR%20BAY%20&housing_median_age=");
                assertEquals(200, response.statusCode(), response.body());
                JsonNode answer = JSON.readTree(response.body());
                JsonNode predictions = answer.get("predictions");
                assertEquals(config.learners().size(), predictions.size(), response.body());
                assertTrue(predictions.get("linear-rls").asDouble() > 0, response.body());
                // the champion's price comes first: the one price to show
                assertEquals(List.of("prediction", "champion", "features", "predictions"),
                        iterableToList(answer.fieldNames()), response.body());
                assertEquals(predictions.get(answer.get("champion").asText()).asDouble(), answer.get("prediction").asDouble());
                HttpResponse<String> learners = call(server, "GET", "/api/learners");
                assertEquals(200, learners.statusCode());
                assertEquals("running", JSON.readTree(learners.body()).get("status").asText(), learners.body());
                assertEquals(answer.get("champion").asText(), JSON.readTree(learners.body()).get("champion").asText());
                JsonNode rls = null;
                for (JsonNode learner : JSON.readTree(learners.body()).get("learners")) {
                    rls = learner.get("learner").asText().equals("linear-rls") ? learner : rls;
                }
                assertTrue(rls != null, learners.body());
                // One input partition: one learner, no replicas to sync
                assertEquals(0, rls.get("version").asLong(), learners.body());
                assertEquals(1, rls.get("replicas").asInt(), learners.body());
                assertTrue(rls.get("syncAgeSeconds").isNull(), learners.body());
                assertEquals(0, rls.get("staleness").asLong(), learners.body());
            }
        }
    }
}
