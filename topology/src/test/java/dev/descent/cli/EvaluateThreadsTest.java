package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate's learners run side by side and its file is streamed: neither may change a figure. The
 * file (40,000 generated houses, a few bad lines) spans three blocks; eight linear learners.
 */
class EvaluateThreadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void generate() throws IOException {
        Path generated = dir.resolve("generated.csv");
        CliRun run = CliRun.of("generate", "--records", "40000", "--unlabeled-fraction", "0.05", "--out", generated.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = new ArrayList<>(Files.readAllLines(generated));
        lines.set(100, lines.get(100).replaceFirst("^[^,]+", "abc"));
        lines.set(30_000, "1,2,3");
        csv = Files.write(dir.resolve("houses.csv"), lines);
    }

    private static JsonNode report(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--csv", csv.toString(), "--format", "json",
                "--grid", "optimizer=sgd,nesterov,adam,rls;lr=0.001,0.01"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("skipped line 101: column 'longitude': not a number: 'abc'"), run.err());
        assertTrue(run.err().contains("skipped line 30001: expected 10 columns, found 3"), run.err());
        return JSON.readTree(run.out());
    }

    /** The report without what depends on the clock and the machine. */
    private static JsonNode figures(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove(List.of("parseRowsPerSecond", "threads", "wallSeconds", "peakResidentBytes"));
        copy.withArray("learners").forEach(l -> ((ObjectNode) l).remove("rowsPerSecond"));
        return copy;
    }

    @Test
    void shouldReportTheSameFiguresWithOneThreadAsWithSeveral() throws IOException {
        JsonNode one = report("--threads", "1");
        JsonNode three = report("--threads", "3");

        assertEquals(figures(one), figures(three));
        assertEquals(40_000, one.get("rows").asLong());
        assertEquals(2, one.get("badRows").asLong());
        assertEquals(1, one.get("threads").asInt());
        assertEquals(3, three.get("threads").asInt());
        assertTrue(three.get("wallSeconds").asDouble() > 0);
    }

    @Test
    void shouldReportTheSameFiguresForAShuffleWithOneThreadAsWithSeveral() throws IOException {
        JsonNode one = report("--threads", "1", "--shuffle-seed", "7");
        JsonNode two = report("--threads", "2", "--shuffle-seed", "7");

        assertEquals(figures(one), figures(two));
        assertEquals(7, one.get("shuffleSeed").asLong());
    }

    /**
     * In a JVM allowed 48 MB, a file whose rows need about 70 MB in memory streams through in file
     * order, and a shuffle of it is refused before it is read, with the memory it would need.
     */
    @Test
    void shouldStreamAFileLargerThanTheHeapAndRefuseToShuffleIt() throws IOException, InterruptedException {
        Path big = dir.resolve("big.csv");
        assertEquals(0, CliRun.of("generate", "--records", "500000", "--out", big.toString()).exitCode());

        Process streamed = descent("evaluate", "--csv", big.toString(), "--grid", "lr=0.001", "--format", "json");
        assertEquals(0, streamed.waitFor(), new String(streamed.getErrorStream().readAllBytes()));
        assertEquals(500_000, JSON.readTree(streamed.getInputStream()).get("rows").asLong());

        Process shuffled = descent("evaluate", "--csv", big.toString(), "--grid", "lr=0.001", "--shuffle-seed", "1");
        String err = new String(shuffled.getErrorStream().readAllBytes());
        assertEquals(1, shuffled.waitFor(), err);
        assertTrue(err.matches("(?s)evaluate: --shuffle-seed holds every row in memory: about [0-9,]+ MB for about"
                + " [0-9,]+ rows of 13 features, more than the [0-9,]+ MB this JVM may use.*\\n"), err);
    }

    private static Process descent(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), DescentCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        return process;
    }
}
