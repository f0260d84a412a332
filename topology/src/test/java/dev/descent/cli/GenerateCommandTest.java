package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.data.PriceDrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

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

    @Test
    void shouldSayWhatIsWrongWithADriftAndWriteNothing() {
        Path out = dir.resolve("never.csv");
        CliRun run = CliRun.of("generate", "--records", "10", "--drift", "abrupt:x:1.3", "--out", out.toString());

        assertEquals(1, run.exitCode());
        assertEquals("generate: --drift 'abrupt:x:1.3': AT must be a whole number ≥ 0, got 'x'\n", run.err());
        assertFalse(Files.exists(out));
    }
}
