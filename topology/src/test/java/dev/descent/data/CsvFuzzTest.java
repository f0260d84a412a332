package dev.descent.data;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer) of the CSV readers: whatever the bytes of a file, {@link CsvRows}
 * and {@link CsvHouses} end in rows or a {@link dev.descent.UserException}, never another exception,
 * and agree on which rows are good and what they hold ({@link CsvReading}).
 *
 * <p>{@code ./mvnw verify} fuzzes it for a bounded time in a JVM of its own (the failsafe
 * executions in topology/pom.xml); {@code ./mvnw test -Dtest=CsvFuzzTest} runs it on its seed
 * inputs only: the files in {@code CsvFuzzTestInputs}, where a fuzzing run also leaves an input
 * that failed.
 */
class CsvFuzzTest {
    @TempDir
    static Path dir;

    /** No line breaks in the dictionary: Jazzer 0.30.0 writes them to libFuzzer's dictionary file unescaped, which breaks it. */
    @FuzzTest
    @DictionaryEntries({"longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,"
        + "median_income,median_house_value,ocean_proximity", "NEAR BAY", "\"", "\"\"", ",,", "1e15", "NaN", "\uFEFF"})
    void endsInRowsOrAUserExceptionAndReadsAlike(byte[] file) throws IOException {
        CsvReading.assertReadAlike(Files.write(dir.resolve("houses.csv"), file), CaliforniaHousing.schema());
    }
}
