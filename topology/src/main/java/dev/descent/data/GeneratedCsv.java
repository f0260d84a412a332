package dev.descent.data;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.nio.file.Path;

/** Houses from a {@link HouseGenerator} written as a CSV file under {@link GeneratedHouse#CSV_HEADER}. */
public final class GeneratedCsv {

    private GeneratedCsv() {
    }

    /** Writes (replaces) {@code file} with {@code records} houses of {@code generator}. */
    public static void write(Path file, HouseGenerator generator, long records) throws IOException {
        try (CsvWriter csv = CsvWriter.builder().build(file)) {
            csv.writeRecord(GeneratedHouse.CSV_HEADER);
            for (long i = 0; i < records; i++) {
                csv.writeRecord(generator.nextHouse().csvRow());
            }
        }
    }
}
