package dev.descent.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.cli.CliRun;
import dev.descent.it.GeneratedRecords;
import dev.descent.it.TopicWriter;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code descent replay} end to end on the in-JVM broker: the verdict, repeatability, epochs, California, bad arguments. */
class ReplayCommandTest {
    static final Path CALIFORNIA = Path.of("..", "..", "shared", "data", "california_housing.csv").toAbsolutePath()
            .normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDS = 20_000;
    static final String GRID = "lr=0.001,0.01,1;batch=1,32";

    static EmbeddedKafkaBroker kafka;
    static GeneratedRecords houses;
    @TempDir
    static Path dir;

    @BeforeAll
    static void produce() {
        kafka = EmbeddedKafkaBroker.start();
        kafka.createTopic("houses", 1, Map.of());
        kafka.awaitTopicsReady("houses");
        houses = GeneratedRecords.of(RECORDS, 7, 0.05);
        TopicWriter.write(kafka.bootstrapServers(), "houses", houses.keyValues());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static CliRun replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                "--http-port", "0", "--format", "json"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode learner(JsonNode report, String id) {
        for (JsonNode l : report.get("learners")) {
            if (l.get("id").asText().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no learner " + id + " in " + report);
    }

    /** The report without its timing, which is the one thing allowed to differ between two replays. */
    private static JsonNode withoutTiming(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.get("learners").forEach(l -> ((ObjectNode) l).remove("rowsPerSecond"));
        return copy;
    }

    @Test
    void shouldRankTheGridFlagTheUnstableRateAndRepeatIdentically() throws Exception {
        Path out = dir.resolve("first");
        CliRun first = replay("--topic", "houses", "--grid", GRID, "--run-id", "first", "--out", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        JsonNode report = JSON.readTree(first.out());
        assertEquals(RECORDS, report.get("rows").asLong());
        assertEquals(RECORDS - houses.labeled(), report.get("unlabeledRows").asLong());
        assertEquals(6, report.get("learners").size());
        List<String> ranking = new ArrayList<>();
        report.get("ranking").forEach(id -> ranking.add(id.asText()));
        assertEquals(6, ranking.size());
        assertEquals(report.get("best").asText(), ranking.get(0));

        for (String id : List.of("lr1-b1", "lr1-b32")) {
            JsonNode unstable = learner(report, id);
            assertTrue(diverged(unstable), id + " is far above the stability bound: " + unstable.get("stabilityBound"));
            assertTrue(unstable.get("divergedAtRow").asLong() > 0);
            assertTrue(unstable.get("learningRate").asDouble() > unstable.get("stabilityBound").asDouble());
        }
        boolean divergedSeen = false;
        for (String id : ranking) {
            JsonNode l = learner(report, id);
            boolean d = diverged(l);
            assertTrue(d || !divergedSeen, "diverged learners rank last: " + ranking);
            divergedSeen |= d;
            if (!d) {
                long expectedSteps = id.endsWith("b32") ? houses.labeled() / 32 : houses.labeled();
                assertEquals(expectedSteps, l.get("steps").asLong(), id + " learned every labeled record once");
                assertTrue(l.get("stepsToConvergence").asLong() > 0, id);
            } else {
                assertTrue(l.get("stepsToConvergence").isNull(), id + " diverged: no settling point");
            }
        }
        JsonNode best = learner(report, ranking.get(0));
        assertTrue(!diverged(best), "the best learner did not diverge");
        for (String id : ranking.subList(1, ranking.size())) {
            JsonNode other = learner(report, id);
            assertTrue(diverged(other) || other.get("rmse").asDouble() >= best.get("rmse").asDouble(),
                    "ranked by RMSE: " + ranking);
        }
        assertTrue(report.get("bestReason").asText().contains("lowest prequential RMSE"), report.get("bestReason").asText());
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"best\""));
        String svg = Files.readString(out.resolve("loss.svg"));
        assertEquals(6, svg.split("<polyline", -1).length - 1, "one curve per learner");

        CliRun second = replay("--topic", "houses", "--grid", GRID, "--run-id", "second", "--out",
                dir.resolve("second").toString());
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(withoutTiming(report), withoutTiming(JSON.readTree(second.out())),
                "the same range and grid give the same report");
    }

    private static boolean diverged(JsonNode learner) {
        return !learner.get("divergedAtRow").isNull();
    }

    @Test
    void shouldReplayAnOffsetRangeForSeveralEpochs() throws Exception {
        CliRun run = replay("--topic", "houses", "--from", "0:19000", "--epochs", "3", "--grid", "lr=0.01",
                "--run-id", "epochs", "--out", dir.resolve("epochs").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("copying the range into replay-epochs-input first"), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(3_000, report.get("rows").asLong());
        long labeled = 3_000 - report.get("unlabeledRows").asLong();
        assertEquals(labeled, learner(report, "lr0.01").get("steps").asLong());
        assertTrue(report.get("source").asText().contains("[0:19000..20000)"), report.get("source").asText());
        assertTrue(report.get("source").asText().contains("3 epochs"), report.get("source").asText());
    }

    /**
     * A single pass over a single-partition topic reads it in place, past transaction markers and
     * aborted records, and up to the range's end only, though later records are already there.
     */
    @Test
    void shouldReplayASinglePartitionTopicInPlaceUpToTheRangeEnd() throws Exception {
        kafka.createTopic("transactional", 1, Map.of());
        kafka.awaitTopicsReady("transactional");
        Instant cut = Instant.parse("2026-01-01T00:00:00Z");
        GeneratedRecords before = GeneratedRecords.of(1_000, 11, 0.05);
        GeneratedRecords after = GeneratedRecords.of(500, 13, 0.05);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "replay-test-writer"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            inTransaction(producer, before, cut.minusSeconds(60), true);
            inTransaction(producer, GeneratedRecords.of(300, 12, 0), cut.minusSeconds(30), false);
            inTransaction(producer, after, cut.plusSeconds(60), true);
        }

        CliRun upToCut = replay("--topic", "transactional", "--to", cut.toString(), "--grid", "lr=0.01",
                "--run-id", "in-place", "--out", dir.resolve("in-place").toString());
        assertEquals(0, upToCut.exitCode(), upToCut.err());
        assertTrue(upToCut.err().contains("reading the topic in place"), upToCut.err());
        JsonNode report = JSON.readTree(upToCut.out());
        assertEquals(1_000, report.get("rows").asLong(), "the committed records before the cut, no aborted or later ones");
        assertEquals(1_000 - before.labeled(), report.get("unlabeledRows").asLong());
        assertEquals(before.labeled(), learner(report, "lr0.01").get("steps").asLong());

        CliRun fromOffset = replay("--topic", "transactional", "--from", "0:400", "--to", cut.toString(), "--grid",
                "lr=0.01", "--run-id", "in-place-from", "--out", dir.resolve("in-place-from").toString());
        assertEquals(0, fromOffset.exitCode(), fromOffset.err());
        assertEquals(600, JSON.readTree(fromOffset.out()).get("rows").asLong(), "the run's group starts at offset 400");

        CliRun whole = replay("--topic", "transactional", "--grid", "lr=0.01", "--run-id", "in-place-whole",
                "--out", dir.resolve("in-place-whole").toString());
        assertEquals(0, whole.exitCode(), whole.err());
        JsonNode wholeReport = JSON.readTree(whole.out());
        assertEquals(1_500, wholeReport.get("rows").asLong(), "the range ends in a commit marker and still completes");
        assertEquals(before.labeled() + after.labeled(), learner(wholeReport, "lr0.01").get("steps").asLong());
        try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(topics.contains("replay-in-place-predictions"), topics.toString());
            assertTrue(topics.stream().noneMatch(t -> t.startsWith("replay-in-place") && t.endsWith("-input")),
                    "read in place, not copied: " + topics);
        }
    }

    private static void inTransaction(KafkaProducer<byte[], byte[]> producer, GeneratedRecords records, Instant time,
                                      boolean commit) throws Exception {
        producer.beginTransaction();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (byte[][] kv : records.keyValues()) {
            sends.add(producer.send(new ProducerRecord<>("transactional", 0, time.toEpochMilli(), kv[0], kv[1])));
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    @Test
    void shouldGiveTheRmseOfEvaluateOnTheSameCaliforniaRows() throws Exception {
        assumeTrue(Files.isRegularFile(CALIFORNIA), "California housing data not found at " + CALIFORNIA
                + " (see DESIGN.md); skipping");
        String grid = "optimizer=sgd,adam;lr=0.001,0.03";
        kafka.createTopic("california", 1, Map.of());
        kafka.awaitTopicsReady("california");
        CliRun produced = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "california",
                "--csv", CALIFORNIA.toString());
        assertEquals(0, produced.exitCode(), produced.err());
        CliRun replayed = replay("--topic", "california", "--grid", grid, "--run-id", "california", "--out",
                dir.resolve("california").toString());
        assertEquals(0, replayed.exitCode(), replayed.err());
        Path evaluateOut = dir.resolve("evaluate");
        CliRun evaluated = CliRun.of("evaluate", "--csv", CALIFORNIA.toString(), "--grid", grid, "--format", "json",
                "--out", evaluateOut.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(JSON.readTree(evaluated.out()), JSON.readTree(evaluateOut.resolve("report.json").toFile()));
        assertEquals(4, Files.readString(evaluateOut.resolve("loss.svg")).split("<polyline", -1).length - 1);
        JsonNode fromTopic = JSON.readTree(replayed.out());
        JsonNode fromFile = JSON.readTree(evaluated.out());
        assertEquals(fromFile.get("rows").asLong(), fromTopic.get("rows").asLong());
        for (JsonNode expected : fromFile.get("learners")) {
            String id = expected.get("id").asText();
            JsonNode actual = learner(fromTopic, id);
            for (String field : List.of("rows", "steps", "rmse", "mae", "r2", "recentRmse", "stepsToConvergence")) {
                assertEquals(expected.get(field), actual.get(field), id + " " + field);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown topic      | --topic,nope,--grid,lr=0.01                                   | topic 'nope' does not exist",
        "empty range        | --topic,houses,--from,0:20000,--grid,lr=0.01                  | holds no records",
        "malformed grid     | --topic,houses,--grid,lr=0.01;batch                           | batch",
        "to before from     | --topic,houses,--from,2026-11-23T10:00:00Z,--to,2026-11-23T09:00:00Z,--grid,lr=0.01 | is before --from",
        "offset beyond log  | --topic,houses,--from,0:99999,--grid,lr=0.01                  | outside the log",
        "grid and learners  | --topic,houses,--grid,lr=0.01,--learners,x.json               | not both",
        "zero epochs        | --topic,houses,--epochs,0,--grid,lr=0.01                      | --epochs must be at least 1",
        "no keys held       | --topic,houses,--model-key,ocean_proximity,--max-keys,0,--grid,lr=0.01 | --max-keys must be at least 1",
        "no champion window | --topic,houses,--champion-window,0,--grid,lr=0.01             | a window of at least 1 record"})
    void shouldRefuseBadArgumentsAndLeaveNothingBehind(String name, String args, String message) throws Exception {
        Set<String> topicsBefore;
        Set<String> groupsBefore;
        try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            topicsBefore = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            groupsBefore = groups(admin);
        }
        List<String> all = new ArrayList<>(List.of(args.split(",")));
        all.addAll(List.of("--run-id", "bad"));
        CliRun run = replay(all.toArray(String[]::new));
        assertNotEquals(0, run.exitCode(), name);
        assertTrue(run.err().contains(message), name + ": " + run.err());
        try (Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            assertEquals(topicsBefore, admin.listTopics().names().get(10, TimeUnit.SECONDS), name + ": topics");
            assertEquals(groupsBefore, groups(admin), name + ": consumer groups");
        }
    }

    private static Set<String> groups(Admin admin) throws Exception {
        Map<String, Boolean> ids = new HashMap<>();
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            ids.put(g.groupId(), true);
        }
        return ids.keySet();
    }
}
