package dev.descent.jmh;

import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.GeneratedCsv;
import dev.descent.data.HouseGenerator;
import dev.descent.evaluate.CsvEvaluation;
import dev.descent.evaluate.PrequentialEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole {@code descent evaluate} pass, file order, of {@value #ROWS} generated houses with the
 * 7 default learners, at 1 and 2 threads in the same fork: the parallel speed-up once the JIT has
 * compiled the learners, which a single {@code evaluate} process (about 2 CPU-seconds of compiling,
 * on the idle core when sequential) does not show.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class EvaluateThreadsBenchmark {
    static final int ROWS = 2_000_000;

    @Param({"1", "2"})
    int threads;

    private Path file;

    @Setup
    public void write() throws IOException {
        file = Files.createTempFile("descent-evaluate-bench-", ".csv");
        GeneratedCsv.write(file, new HouseGenerator(42, 0), ROWS);
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public PrequentialEvaluation.Outcome evaluate() throws InterruptedException {
        PrequentialEvaluation.Outcome outcome = CsvEvaluation.run(file, CaliforniaHousing.schema(),
                DefaultLearners.all(), null, 5000, threads);
        if (outcome.rows() != ROWS) {
            throw new IllegalStateException("evaluated " + outcome.rows() + " of " + ROWS + " rows");
        }
        return outcome;
    }
}
