package dev.descent.jmh;

import dev.descent.data.CaliforniaHousing;
import dev.descent.data.CsvRows;
import dev.descent.data.GeneratedCsv;
import dev.descent.data.HouseGenerator;
import dev.descent.data.RowBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second that {@code evaluate} reads and encodes: {@link CsvRows} over a file of
 * {@value #ROWS} generated houses with the California columns (as {@code descent generate} writes
 * them), from the page cache, into blocks of 16,384 rows. Splitting (FastCSV) and encoding (13
 * features: 8 numbers, one-hot ocean_proximity, the label) are both timed; learning is not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CsvReadBenchmark {
    static final int ROWS = 200_000;

    private Path file;
    private RowBlock block;

    @Setup
    public void write() throws IOException {
        file = Files.createTempFile("descent-csv-bench-", ".csv");
        GeneratedCsv.write(file, new HouseGenerator(42, 0.05), ROWS);
        block = new RowBlock(16_384, CaliforniaHousing.schema().featureCount());
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long readAndEncode() {
        long rows = 0;
        try (CsvRows csv = CsvRows.open(file, CaliforniaHousing.schema())) {
            while (csv.read(block)) {
                rows += block.size();
            }
        }
        if (rows != ROWS) {
            throw new IllegalStateException("read " + rows + " of " + ROWS + " rows");
        }
        return rows;
    }
}
