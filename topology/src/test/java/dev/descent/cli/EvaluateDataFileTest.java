package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What real data files hold: tokens for missing values, categories with stray spaces or out of the list, unclosed quotes, repeated columns. */
class EvaluateDataFileTest {
    private static final String SCHEMA = "{\"label\": \"price\", \"numeric\": [\"area\", \"rooms\"],"
            + " \"categorical\": {\"zone\": [\"WD\", \"RL\"]}, \"missing\": [\"NA\", \"\"]}";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String rows(int n, String zone) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rows.append(50 + i % 40).append(',').append(2 + i % 5).append(',').append(zone).append(',')
                    .append(100_000 + 1000 * (i % 40)).append('\n');
        }
        return rows.toString();
    }

    private CliRun evaluate(String csv) throws IOException {
        return CliRun.of("evaluate", "--csv", write("houses.csv", "area,rooms,zone,price\n" + csv).toString(),
                "--schema", write("schema.json", SCHEMA).toString(), "--grid", "lr=0.01", "--format", "json");
    }

    @Test
    void shouldReadTheSchemasMissingTokensAsMissingValues() throws IOException {
        CliRun run = evaluate(rows(40, "WD") + "NA,3,RL,120000\n60,NA,NA,130000\n70,4,WD,NA\n");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(43, report.get("rows").asLong());
        assertEquals(0, report.get("badRows").asLong(), run.err());
        assertEquals(1, report.get("unlabeledRows").asLong());
        assertEquals(0, report.get("unknownCategories").get("zone").asLong(), "NA is missing, not an unknown zone");
    }

    @Test
    void shouldMatchCategoriesWithSpacesAroundAndWarnOfAColumnMostlyOutsideItsCategories() throws IOException {
        CliRun trimmed = evaluate(rows(40, "\"WD \"") + rows(10, " RL"));
        assertEquals(0, trimmed.exitCode(), trimmed.err());
        assertEquals(0, new ObjectMapper().readTree(trimmed.out()).get("unknownCategories").get("zone").asLong());
        assertFalse(trimmed.err().contains("warning"), trimmed.err());

        CliRun misspelt = evaluate(rows(40, "Wd") + rows(10, "RL"));
        assertEquals(0, misspelt.exitCode(), misspelt.err());
        assertEquals(40, new ObjectMapper().readTree(misspelt.out()).get("unknownCategories").get("zone").asLong());
        assertTrue(misspelt.err().contains("warning: column 'zone': 40 of 50 values (80.0%) are none of its categories"),
                misspelt.err());
    }

    /** A quote opened and never closed takes the rest of the file into one field: that row is bad, and says so. */
    @Test
    void shouldRefuseARowWhoseQuoteIsNeverClosed() throws IOException {
        CliRun run = evaluate(rows(20, "WD") + "60,3,\"RL,150000\n" + rows(5, "WD"));

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("skipped line 22: column 'zone': the value runs over several lines: a quote opened"
                + " and never closed?"), run.err());
        assertEquals(21, new ObjectMapper().readTree(run.out()).get("rows").asLong());
    }

    @Test
    void shouldRefuseAHeaderThatNamesAColumnTwice() throws IOException {
        CliRun twice = CliRun.of("evaluate", "--csv", write("twice.csv", "area,rooms,zone,price,rooms\n1,2,WD,3,4\n")
                .toString(), "--schema", write("schema.json", SCHEMA).toString());

        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("column 'rooms' appears twice in the header (columns 2 and 5)"), twice.err());
    }

    @Test
    void shouldSayWhereASchemaFileIsBrokenAndNameAFieldListedTwice() throws IOException {
        Path csv = write("ok.csv", "area,rooms,zone,price\n" + rows(5, "WD"));
        CliRun broken = CliRun.of("evaluate", "--csv", csv.toString(), "--schema",
                write("broken.json", "{\"label\": \"price\",\n \"numeric\": [\"area\",]}").toString());
        assertEquals(1, broken.exitCode());
        assertTrue(broken.err().contains("schema is not valid JSON: line 2, column "), broken.err());
        assertFalse(broken.err().contains("REDACTED") || broken.err().contains("StreamReadFeature"), broken.err());

        CliRun twice = CliRun.of("evaluate", "--csv", csv.toString(), "--schema",
                write("twice.json", "{\"label\": \"price\", \"numeric\": [\"area\", \"price\"]}").toString());
        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("'price' is listed as numeric and as label"), twice.err());
    }
}
