package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.Poll;
import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed models on two instances ({@code descent run --model-key market} in two child JVMs, four
 * partitions of the repartition topic between them): a key's prediction is answered alike by
 * either instance, the one that does not hold the key forwarding the question; and after one
 * instance is killed with SIGKILL mid-stream and started again, every key's learners have learned
 * exactly that key's labeled records, under exactly-once.
 */
class KeyedFailoverTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String APP = "keyed-failover";
    static final int MARKETS = 50;
    static final int FIRST = 20_000;
    static final int TOTAL = 60_000;

    @Test
    void eitherInstanceAnswersForEveryKeyAndAKilledOneLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        List<byte[][]> records = new ArrayList<>();
        Map<String, Integer> labeled = new HashMap<>();
        HouseGenerator generator = new HouseGenerator(5, 0.05);
        for (int i = 0; i < TOTAL; i++) {
            GeneratedHouse house = generator.nextHouse();
            String market = "m" + i * 7 % MARKETS;
            ObjectNode value = (ObjectNode) JSON.readTree(house.toMessage().value());
            value.put("market", market);
            records.add(new byte[][] {house.key().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value)});
            if (!Double.isNaN(house.medianHouseValue())) {
                labeled.merge(market, 1, Integer::sum);
            }
        }
        int portA = freePort();
        int portB = freePort();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.keyedDefinitions(1, 4, Retention.DEFAULT).toArray(NewTopic[]::new));
            TopicWriter.write(bootstrap, topics.input(), records.subList(0, FIRST));
            Process a = startRun(bootstrap, portA, dir.resolve("a.log"));
            Process b = startRun(bootstrap, portB, dir.resolve("b.log"));
            try {
                TopicReader.read(bootstrap, topics.predictions(), FIRST, Duration.ofSeconds(180), false);
                awaitRunning(portA);
                awaitRunning(portB);
                Set<String> owners = new HashSet<>();
                for (int k = 0; k < 10; k++) {
                    String query = "/api/predict?market=m" + k + "&median_income=5.2&housing_median_age=20"
                            + "&ocean_proximity=NEAR%20BAY&longitude=-122.2&latitude=37.8";
                    JsonNode fromA = get(portA, query);
                    JsonNode fromB = get(portB, query);
                    assertEquals(fromA.get("answeredBy"), fromB.get("answeredBy"), "one instance answers for m" + k);
                    assertEquals(fromA.get("prediction").asDouble(), fromB.get("prediction").asDouble(), 1e-9,
                            "the same learners answer m" + k);
                    assertEquals("key", fromA.get("servedBy").asText(), "m" + k + " has learned hundreds of records");
                    assertTrue(fromA.get("keyRecords").asLong() > 0);
                    owners.add(fromA.get("answeredBy").asText());
                }
                assertEquals(Set.of("127.0.0.1:" + portA, "127.0.0.1:" + portB), owners,
                        "each instance holds some of the keys, so each forwarded a question to the other");

                Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(),
                        records.subList(FIRST, TOTAL), 1, 20_000));
                writer.start();
                TopicReader.read(bootstrap, topics.predictions(), FIRST + 10_000, Duration.ofSeconds(120), false);
                a.destroyForcibly();
                assertTrue(a.waitFor(30, TimeUnit.SECONDS), "instance A is gone");
                a = startRun(bootstrap, portA, dir.resolve("a2.log"));
                writer.join();

                List<ConsumerRecord<byte[], byte[]>> predictions = TopicReader.readCommitted(bootstrap,
                        topics.predictions(), TOTAL, Duration.ofSeconds(240));
                assertEquals(TOTAL, predictions.size(), "one committed prediction per record");
                Set<String> keys = new HashSet<>();
                predictions.forEach(p -> keys.add(new String(p.key(), StandardCharsets.UTF_8)));
                assertEquals(TOTAL, keys.size(), "no record predicted twice");
                for (int k = 0; k < MARKETS; k++) {
                    String market = "m" + k;
                    JsonNode learners = Poll.untilPresent(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                        JsonNode answer = get(portB, "/api/learners?key=" + market);
                        return answer.has("keyRecords") && answer.get("keyRecords").asLong() >= labeled.get(market)
                                ? java.util.Optional.of(answer) : java.util.Optional.empty();
                    }, () -> new IllegalStateException("the learners of " + market + " never reached its labeled records"));
                    assertEquals(labeled.get(market).longValue(), learners.get("keyRecords").asLong(),
                            market + ": every labeled record learned once");
                    for (JsonNode learner : learners.get("learners")) {
                        assertEquals(labeled.get(market).longValue(), learner.get("scored").asLong(),
                                market + "/" + learner.get("id").asText());
                    }
                }
                assertNotEquals(0, labeled.size());
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode get(int port, String pathAndQuery) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 && !pathAndQuery.startsWith("/api/learners")) {
                throw new AssertionError(pathAndQuery + " on " + port + ": " + response.statusCode() + " " + body);
            }
            return body;
        } catch (IOException e) {
            throw new AssertionError(pathAndQuery + " on " + port + ": " + e, e);
        }
    }

    /** Until the instance has partitions of its own: both must hold some for the questions to cross. */
    private static void awaitRunning(int port) throws InterruptedException {
        Poll.until(Duration.ofSeconds(120), Duration.ofMillis(500),
                () -> get(port, "/api/learners").get("status").asText().equals("running"),
                () -> new IllegalStateException("the instance on " + port + " never ran with partitions of its own"));
    }

    /** {@code descent run --model-key market} in its own JVM, so it can be killed outright. */
    private static Process startRun(String bootstrap, int httpPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.descent.cli.DescentCommand", "run", "--bootstrap-servers", bootstrap, "--application-id", APP,
                "--model-key", "market", "--model-partitions", "4", "--http-port", Integer.toString(httpPort),
                "--progress-every", "5")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
