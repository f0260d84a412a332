package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.CsvHouses;
import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import dev.descent.data.ListingStream;
import dev.descent.data.PriceDrift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheHousesOfTheMovedMarketWhenDriftIsGivenTwice() throws IOException {
        Path steady = dir.resolve("steady.csv");
        Path moved = dir.resolve("moved.csv");
        assertEquals(0, CliRun.of("generate", "--records", "2000", "--seed", "3", "--out", steady.toString()).exitCode());
        CliRun run = CliRun.of("generate", "--records", "2000", "--seed", "3", "--drift", "abrupt:1000:1.3",
                "--drift", "region:near bay:0:0.8", "--out", moved.toString());
        assertEquals(0, run.exitCode(), run.err());

        List<String> lines = Files.readAllLines(moved);
        assertEquals(2001, lines.size());
        assertEquals(String.join(",", GeneratedHouse.CSV_HEADER), lines.get(0));
        HouseGenerator expected = new HouseGenerator(3, 0,
                List.of(PriceDrift.parse("abrupt:1000:1.3"), PriceDrift.parse("region:NEAR BAY:0:0.8")));
        for (int n = 0; n < 2000; n++) {
            assertEquals(String.join(",", expected.nextHouse().csvRow()), lines.get(n + 1), "record " + n);
        }
        List<String> before = Files.readAllLines(steady);
        for (int n = 0; n < 1000; n++) {
            if (!lines.get(n + 1).endsWith(",NEAR BAY")) {
                assertEquals(before.get(n + 1), lines.get(n + 1), "record " + n + " is before the move and not NEAR BAY");
            }
        }
        assertNotEquals(before.subList(1001, 2001), lines.subList(1001, 2001));
    }

    /**
     * evaluate --delay-days learns a generated file as produce --label-delay sends it: the file's row n is listing n,
     * with the same columns, and its price is the one listing n's sale carries.
     */
    @Test
    void shouldWriteTheHousesProduceListsInTheOrderItListsThem() throws IOException {
        Path csv = dir.resolve("houses.csv");
        CliRun run = CliRun.of("generate", "--records", "300", "--seed", "5", "--unlabeled-fraction", "0.1",
                "--out", csv.toString());
        assertEquals(0, run.exitCode(), run.err());

        List<HouseMessage> rows = CsvHouses.read(csv, CaliforniaHousing.schema()).records();
        Map<String, JsonNode> listings = new LinkedHashMap<>();
        Map<String, JsonNode> sales = new HashMap<>();
        new ListingStream(new HouseGenerator(5, 0.1), 5, 300, new ListingClock(1000), LabelDelay.parse("lognormal:3d"))
                .forEachRemaining(m -> (m.json().contains("longitude") ? listings : sales).put(m.key(), tree(m)));
        assertEquals(300, rows.size());
        assertEquals(300, listings.size());
        int n = 0;
        for (Map.Entry<String, JsonNode> listing : listings.entrySet()) {
            ObjectNode row = (ObjectNode) tree(rows.get(n));
            JsonNode price = row.remove("median_house_value");
            assertEquals(HouseGenerator.key(5, n), listing.getKey());
            assertEquals(row.toString(), listing.getValue().toString(), "row " + n);
            assertEquals(price == null ? null : price.asText(),
                    sales.containsKey(listing.getKey()) ? sales.get(listing.getKey()).get("median_house_value").asText()
                            : null, "row " + n + "'s price");
            n++;
        }
    }

    private static JsonNode tree(HouseMessage message) {
        try {
            return JSON.readTree(message.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldSayWhatIsWrongWithADriftAndWriteNothing() {
        Path out = dir.resolve("never.csv");
        CliRun run = CliRun.of("generate", "--records", "10", "--drift", "abrupt:x:1.3", "--out", out.toString());

        assertEquals(1, run.exitCode());
        assertEquals("generate: --drift 'abrupt:x:1.3': AT must be a whole number ≥ 0, got 'x'\n", run.err());
        assertFalse(Files.exists(out));
    }
}
