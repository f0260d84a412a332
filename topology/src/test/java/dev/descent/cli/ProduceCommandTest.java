package dev.descent.cli;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import dev.descent.data.ListingStream;
import dev.descent.data.PriceDrift;
import dev.descent.it.TopicReader;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.HouseParser;
import dev.descent.topology.HouseRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code descent produce} end to end on one in-JVM broker: what it sends is what a consumer and the app's parser get back. */
@Timeout(60)
class ProduceCommandTest {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static final String HEADER = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,"
            + "households,median_income,median_house_value,ocean_proximity";
    static final HouseParser PARSER = new HouseParser(CaliforniaHousing.schema());
    static EmbeddedKafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.read(kafka.bootstrapServers(), topic, count, READ_TIMEOUT, false);
        assertEquals(count, records.size(), "records on '" + topic + "'");
        return records;
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    @Test
    void generatedHousesArriveOnceEachAndParse() throws Exception {
        kafka.createTopic("generated", 1, Map.of());
        CliRun run = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "generated",
                "--generate", "--records", "500", "--seed", "7", "--unlabeled-fraction", "0.2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sent 500 records to 'generated' on " + kafka.bootstrapServers()), run.out());

        Set<String> keys = new HashSet<>();
        int unlabeled = 0;
        HouseGenerator expected = new HouseGenerator(7, 0.2);
        for (ConsumerRecord<byte[], byte[]> r : read("generated", 500)) {
            HouseRecord house = PARSER.parse(key(r), r.value());
            assertTrue(keys.add(house.key()), "duplicate key " + house.key());
            unlabeled += house.labeled() ? 0 : 1;
            HouseMessage same = expected.next();
            assertEquals(same.key(), house.key());
            assertEquals(same.json(), new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(500, keys.size());
        assertTrue(unlabeled > 60 && unlabeled < 140, unlabeled + " of 500 unlabeled, expected about 100");
    }

    /** 50 houses, 10 a day, each sold 2 days after its listing: 100 records stamped with their event time. */
    @Test
    void listingsAndSalesArriveInEventTimeOrderStampedWithIt() {
        kafka.createTopic("listings", 1, Map.of());
        CliRun run = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "listings",
                "--generate", "--records", "50", "--seed", "7", "--label-delay", "2d", "--listings-per-day", "10");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sent 100 records to 'listings'"), run.out());

        ListingStream expected = new ListingStream(new HouseGenerator(7), 7, 50, new ListingClock(10),
                LabelDelay.parse("2d"));
        List<ConsumerRecord<byte[], byte[]>> records = read("listings", 100);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            HouseMessage same = expected.next();
            assertEquals(same.key(), key(r));
            assertEquals(same.json(), new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(same.timestamp(), r.timestamp());
        }
        assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), records.get(0).timestamp());
        assertEquals(Instant.parse("2026-01-07T21:36:00Z").toEpochMilli(), records.get(99).timestamp(),
                "the last sale: house 49 listed 4.9 days in, sold 2 days later");
    }

    @Test
    void theDefaultTopicIsHouses() {
        kafka.createTopic("houses", 1, Map.of());
        CliRun run = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--generate", "--records", "10");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("gen-42-9", key(read("houses", 10).get(9)));
    }

    @Test
    void csvRowsArriveAndBadLinesAreReportedAndSkipped() throws Exception {
        kafka.createTopic("from-csv", 1, Map.of());
        Path csv = Files.writeString(dir.resolve("blocks.csv"), HEADER + "\n"
                + "-122.23,37.88,41,880,129,322,126,8.3252,452600,NEAR BAY\n"
                + "-122.22,37.86,21,7099,,2401,1138,8.3014,358500,NEAR BAY\n"
                + "-122.24,37.85,52,abc,190,496,177,7.2574,352100,NEAR BAY\n"
                + "-122.25,37.85,52,1274,235,558,219,5.6431,,NEAR BAY\n");
        CliRun run = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "from-csv",
                "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("skipped line 4: column 'total_rooms': not a number: 'abc'"), run.err());
        assertTrue(run.out().startsWith("sent 3 records to 'from-csv'") && run.out().contains("1 bad lines skipped"),
                run.out());
        List<ConsumerRecord<byte[], byte[]>> records = read("from-csv", 3);
        assertEquals(List.of("blocks.csv-0", "blocks.csv-1", "blocks.csv-3"), records.stream().map(ProduceCommandTest::key).toList());
        HouseRecord first = PARSER.parse("k", records.get(0).value());
        assertEquals(452_600, first.label());
        assertTrue(Double.isNaN(PARSER.parse("k", records.get(1).value()).features()[4]), "empty cell is missing");
        assertTrue(!PARSER.parse("k", records.get(2).value()).labeled(), "empty label is unlabeled");

        CliRun firstTwo = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "from-csv",
                "--csv", csv.toString(), "--records", "2");
        assertEquals(0, firstTwo.exitCode(), firstTwo.err());
        assertEquals(5, read("from-csv", 5).size());
    }

    @Test
    void fromRecordContinuesExactlyWhereAskedInGeneratedHousesAndCsvLines() throws Exception {
        kafka.createTopic("continued", 1, Map.of());
        String[] first = {"produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "continued", "--generate",
                "--records", "10", "--seed", "5", "--unlabeled-fraction", "0.3"};
        CliRun rest = CliRun.of(Stream.concat(Stream.of(first), Stream.of("--from-record", "4")).toArray(String[]::new));
        assertEquals(0, rest.exitCode(), rest.err());
        assertTrue(rest.out().startsWith("sent 6 records to 'continued'") && rest.out().contains(", from record 4)"),
                rest.out());
        List<ConsumerRecord<byte[], byte[]>> records = read("continued", 6);
        HouseGenerator expected = new HouseGenerator(5, 0.3).skip(4);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            HouseMessage same = expected.next();
            assertEquals(same.key(), key(r));
            assertEquals(same.json(), new String(r.value(), StandardCharsets.UTF_8));
        }

        kafka.createTopic("continued-csv", 1, Map.of());
        Path csv = Files.writeString(dir.resolve("rows.csv"), HEADER + "\n"
                + "-122.23,37.88,41,880,129,322,126,8.3252,452600,NEAR BAY\n"
                + "-122.22,37.86,21,abc,1106,2401,1138,8.3014,358500,NEAR BAY\n"
                + "-122.24,37.85,52,1467,190,496,177,7.2574,352100,NEAR BAY\n"
                + "-122.25,37.85,52,1274,235,558,219,5.6431,341300,NEAR BAY\n");
        CliRun fromCsv = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "continued-csv",
                "--csv", csv.toString(), "--from-record", "1");
        assertEquals(0, fromCsv.exitCode(), fromCsv.err());
        assertEquals(List.of("rows.csv-2", "rows.csv-3"), read("continued-csv", 2).stream().map(ProduceCommandTest::key).toList(),
                "the second and third good lines");
    }

    /** A rerun from record n prices the houses as the run it continues, ramp and regional move alike. */
    @Test
    void aDriftingMarketContinuesFromARecordAsAnUninterruptedRunWouldHaveIt() {
        kafka.createTopic("drifting", 1, Map.of());
        CliRun rest = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "drifting",
                "--generate", "--records", "12", "--seed", "5", "--drift", "gradual:2:8:1.5", "--drift",
                "region:INLAND:6:0.6", "--from-record", "4");
        assertEquals(0, rest.exitCode(), rest.err());

        HouseGenerator expected = new HouseGenerator(5, 0,
                List.of(PriceDrift.parse("gradual:2:8:1.5"), PriceDrift.parse("region:INLAND:6:0.6"))).skip(4);
        for (ConsumerRecord<byte[], byte[]> r : read("drifting", 8)) {
            HouseMessage same = expected.next();
            assertEquals(same.key(), key(r));
            assertEquals(same.json(), new String(r.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void resumeContinuesAfterTheTopicsLastRecordAndRefusesARecordOfAnotherSource() {
        kafka.createTopic("resumed", 1, Map.of());
        String[] args = {"produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "resumed", "--generate",
                "--records", "8", "--resume"};
        CliRun fresh = CliRun.of(args);
        assertEquals(0, fresh.exitCode(), fresh.err());
        assertTrue(fresh.out().startsWith("sent 8 records") && !fresh.out().contains("from record"), fresh.out());
        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("sent 0 records") && again.out().contains(", from record 8)"), again.out());
        assertEquals(8, read("resumed", 8).size());

        CliRun otherSeed = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "resumed",
                "--generate", "--seed", "3", "--resume");
        assertEquals(1, otherSeed.exitCode());
        assertEquals("produce: cannot resume: 'resumed' ends with the record 'gen-42-7', which is not one of the first"
                + " 20,640 houses generated with seed 3\n", otherSeed.err());
    }

    @Test
    void aMissingTopicIsOneLineAndExitCode1() {
        CliRun run = CliRun.of("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "nope",
                "--generate", "--timeout", "1");
        assertEquals(1, run.exitCode());
        assertEquals("produce: topic 'nope' does not exist on " + kafka.bootstrapServers()
                + " (waited 1 s); create it first, e.g. with 'descent run' or kafka-topics.sh", run.err().strip());
    }

    @Test
    void anUnreachableClusterFailsWithinTheTimeout() throws IOException {
        String nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nobody = "127.0.0.1:" + socket.getLocalPort();
        }
        long start = System.nanoTime();
        CliRun run = CliRun.of("produce", "--bootstrap-servers", nobody, "--generate", "--timeout", "1");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("produce: cannot reach Kafka at " + nobody + " within 1 s"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of("--generate", "--rate", "-5"), "--rate must be a number ≥ 0"),
                Arguments.of(List.of("--generate", "--rate", "NaN"), "--rate must be a number ≥ 0"),
                Arguments.of(List.of("--generate", "--records", "-1"), "--records must be 0 (endless) or more, got -1"),
                Arguments.of(List.of("--generate", "--unlabeled-fraction", "1.5"), "--unlabeled-fraction must be within 0..1"),
                Arguments.of(List.of("--generate", "--timeout", "0"), "--timeout must be at least 1 second"),
                Arguments.of(List.of("--generate", "--retry-for", "0"), "--retry-for must be at least 1 second"),
                Arguments.of(List.of("--generate", "--from-record", "-1"), "--from-record must be 0 or more"),
                Arguments.of(List.of("--generate", "--from-record", "3", "--resume"), "give --resume or --from-record"),
                Arguments.of(List.of("--generate", "--records", "5", "--from-record", "6"),
                        "--from-record 6 is past the end of the source (5 records)"),
                Arguments.of(List.of("--generate", "--schema", "s.json"), "--schema applies to --csv"),
                Arguments.of(List.of("--csv", "x.csv", "--seed", "3"), "--seed applies to --generate"),
                Arguments.of(List.of("--csv", "x.csv", "--unlabeled-fraction", "0.1"), "--unlabeled-fraction applies to --generate"),
                Arguments.of(List.of("--csv", "x.csv", "--drift", "abrupt:10:1.3"), "--drift applies to --generate"),
                Arguments.of(List.of("--generate", "--drift", "gradual:10:5:1.3"),
                        "--drift 'gradual:10:5:1.3': TO must be after FROM, got FROM 10 and TO 5"),
                Arguments.of(List.of("--csv", "x.csv", "--label-delay", "2d"), "--label-delay applies to --generate"),
                Arguments.of(List.of("--generate", "--label-delay", "30"), "--label-delay '30': '30' is not a duration"),
                Arguments.of(List.of("--generate", "--listings-per-day", "5"), "--listings-per-day applies with --label-delay"),
                Arguments.of(List.of("--generate", "--label-delay", "2d", "--listings-per-day", "0"),
                        "--listings-per-day must be a number above 0, got 0.0"),
                Arguments.of(List.of("--generate", "--label-delay", "2d", "--resume"),
                        "--resume cannot be used with --label-delay"),
                Arguments.of(List.of("--csv", "x.csv", "--records", "0"), "--records must be at least 1"),
                Arguments.of(List.of("--csv", "no-such-file.csv"), "file not found: no-such-file.csv"),
                Arguments.of(List.of("--generate", "--config", "no-such.properties"), "config file not found"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsAreOneLineAndExitCode1(List<String> args, String message) {
        String[] all = Stream.concat(Stream.of("produce", "--bootstrap-servers", "127.0.0.1:1"), args.stream())
                .toArray(String[]::new);
        CliRun run = CliRun.of(all);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("produce: ") && run.err().contains(message), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aMissingOrDoubleSourceIsAUsageError() {
        CliRun none = CliRun.of("produce", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("Missing required argument") && none.err().contains("--csv"), none.err());
        CliRun both = CliRun.of("produce", "--bootstrap-servers", "127.0.0.1:1", "--generate", "--csv", "x.csv");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }
}
