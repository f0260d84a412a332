package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateBadInputTest {
    static final String HEADER = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,"
            + "households,median_income,median_house_value,ocean_proximity";

    @TempDir
    Path dir;

    /** 60 plausible rows from a known linear price function, so the good part of a file always learns. */
    static String goodRows(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            double income = 1 + (i * 37 % 90) / 10.0;
            double age = 5 + i * 13 % 45;
            double price = 50_000 + 40_000 * income - 500 * age;
            return String.format(java.util.Locale.ROOT, "-122.%d,37.%d,%.0f,%d,%d,%d,%d,%.2f,%.0f,%s",
                    i % 90, i % 70, age, 800 + i * 7 % 500, 150 + i % 40, 300 + i * 11 % 700, 120 + i % 50, income,
                    price, i % 2 == 0 ? "NEAR BAY" : "INLAND");
        }).collect(Collectors.joining("\n"));
    }

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void shouldFailClearlyWhenTheFileIsMissing() {
        CliRun run = CliRun.of("evaluate", "--csv", dir.resolve("nope.csv").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("file not found") && run.err().contains("nope.csv"), run.err());
    }

    @Test
    void shouldFailClearlyWhenTheFileIsEmpty() throws IOException {
        CliRun run = CliRun.of("evaluate", "--csv", write("empty.csv", "").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("is empty"), run.err());
    }

    @Test
    void shouldFailClearlyWhenThereIsOnlyAHeader() throws IOException {
        CliRun run = CliRun.of("evaluate", "--csv", write("header.csv", HEADER + "\n").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("header but no data lines"), run.err());
    }

    @Test
    void shouldNameTheSchemaFieldThatIsNotAColumn() throws IOException {
        Path csv = write("houses.csv", "area,price\n10,100\n");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("longitude") && run.err().contains("not found among the columns"), run.err());
    }

    @Test
    void shouldNameAnUnknownFieldOfACustomSchema() throws IOException {
        Path csv = write("houses.csv", "area,price\n10,100\n20,200\n");
        Path schema = write("schema.json", "{\"label\":\"price\",\"numeric\":[\"area\",\"rooms\"]}");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString(), "--schema", schema.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("[rooms] not found"), run.err());
    }

    @Test
    void shouldSkipAndCountBadRowsNamingLineColumnAndReason() throws Exception {
        String bad = String.join("\n",
                "-122.1,37.1,20,abc,100,300,100,3.1,200000,NEAR BAY",        // line 62: non-numeric
                "-122.1,37.1,20,800,100,300,100,NaN,200000,NEAR BAY",        // line 63: NaN
                "-122.1,37.1,20,800,100,300,100,3.1,Infinity,NEAR BAY",      // line 64: Infinity label
                "-122.1,37.1,20,800,100,300,100,3.1",                        // line 65: ragged
                "-122.1,37.1,20,800,100,300,100,3.1,200000,NEAR BAY,extra"); // line 66: ragged
        Path csv = write("mixed.csv", HEADER + "\n" + goodRows(60) + "\n" + bad + "\n");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("line 62: column 'total_rooms': not a number: 'abc'"), run.err());
        assertTrue(run.err().contains("line 63: column 'median_income': non-finite value NaN"), run.err());
        assertTrue(run.err().contains("line 64: column 'median_house_value': non-finite value Infinity"), run.err());
        assertTrue(run.err().contains("line 65: expected 10 columns, found 8"), run.err());
        assertTrue(run.err().contains("line 66: expected 10 columns, found 11"), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(65, report.get("rows").asInt());
        assertEquals(5, report.get("badRows").asInt());
        for (JsonNode learner : report.get("learners")) {
            assertEquals(60, learner.get("rows").asInt(), learner.get("id").asText() + " learned only the good rows");
        }
    }

    @Test
    void shouldImputeEmptyNumericCellsAndPredictRowsWithoutALabel() throws Exception {
        String rows = goodRows(40) + "\n"
                + "-122.1,37.1,20,800,,300,100,3.1,200000,NEAR BAY\n"   // missing total_bedrooms: imputed
                + "-122.1,37.1,20,800,100,300,100,3.1,,NEAR BAY\n";     // no label: predicted only
        CliRun run = CliRun.of("evaluate", "--csv", write("gaps.csv", HEADER + "\n" + rows).toString(),
                "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(0, report.get("badRows").asInt());
        assertEquals(1, report.get("unlabeledRows").asInt());
        assertEquals(41, report.get("learners").get(0).get("rows").asInt());
    }

    @Test
    void shouldFailWhenNoRowIsValid() throws IOException {
        Path csv = write("allbad.csv", HEADER + "\n1,2,3\n4,5,6\n");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("none of the 2 data lines is valid") && run.err().contains("line 2"), run.err());
    }

    @Test
    void shouldRejectFilesThatAreNotUtf8() throws IOException {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, new byte[] {'a', ',', 'b', '\n', (byte) 0xff, (byte) 0xfe, ',', '1', '\n'});
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("not UTF-8"), run.err());
    }

    @Test
    void shouldExplainABadLearnersFile() throws IOException {
        Path csv = write("ok.csv", HEADER + "\n" + goodRows(10) + "\n");
        Path learners = write("learners.json", "[{\"id\":\"a\",\"learningrate\":0.1}]");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString(), "--learners", learners.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown key 'learningrate'"), run.err());
    }

    @Test
    void shouldExplainAnImpossibleLearner() throws IOException {
        Path csv = write("ok.csv", HEADER + "\n" + goodRows(10) + "\n");
        Path learners = write("learners.json", "[{\"id\":\"rls-mlp\",\"model\":\"mlp\",\"hidden\":[4],\"optimizer\":\"rls\"}]");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString(), "--learners", learners.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("learner 'rls-mlp': recursive least squares needs a linear model"), run.err());
    }

    @Test
    void shouldRejectAnUnknownFormatAsAUsageError() throws IOException {
        Path csv = write("ok.csv", HEADER + "\n" + goodRows(10) + "\n");
        CliRun run = CliRun.of("evaluate", "--csv", csv.toString(), "--format", "xml");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--format"), run.err());
    }
}
