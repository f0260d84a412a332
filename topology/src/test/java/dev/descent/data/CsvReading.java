package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.UserException;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Type;
import dev.descent.topology.HouseParser;
import dev.descent.topology.HouseRecord;
import dev.descent.topology.InvalidHouseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Both CSV readers on one file, checked against each other: {@link CsvRows} (what {@code evaluate}
 * learns) and {@link CsvHouses} (what {@code produce} sends, here read back by {@link HouseParser},
 * as the topology would). Whatever the bytes, each ends in rows or a {@link UserException}, never
 * another exception, and they agree on which data rows are good and what each holds.
 */
final class CsvReading {
    /** Small blocks, so rows cross block boundaries. */
    private static final int BLOCK = 3;

    /**
     * @param good     each good row's values (features, then label) by data-row index (from 0, bad rows counted)
     * @param problems one message per bad row
     */
    record Rows(Map<Long, List<Double>> good, List<String> problems) {
    }

    private CsvReading() {
    }

    static Rows rows(Path file, Schema schema) {
        Map<Long, List<Double>> good = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        RowBlock block = new RowBlock(BLOCK, schema.featureCount());
        try (CsvRows rows = CsvRows.open(file, schema)) {
            while (rows.read(block)) {
                for (int i = 0; i < block.size(); i++) {
                    if (block.valid(i)) {
                        good.put(block.firstRow() + i, values(block.features(i), block.label(i)));
                    }
                }
                problems.addAll(block.problems());
            }
        }
        return new Rows(good, problems);
    }

    /** The records {@link CsvHouses} makes, as the parser reads them; null values for a record it refuses. */
    static Rows houses(Path file, Schema schema) {
        CsvHouses houses = CsvHouses.read(file, schema);
        HouseParser parser = new HouseParser(schema);
        String prefix = file.getFileName() + "-";
        Map<Long, List<Double>> good = new TreeMap<>();
        for (HouseMessage house : houses.records()) {
            assertTrue(house.key().startsWith(prefix), house.key());
            List<Double> values;
            try {
                HouseRecord record = parser.parse(house.key(), house.value());
                values = values(record.features(), record.label());
            } catch (InvalidHouseException e) {
                values = null;
            }
            good.put(Long.parseLong(house.key().substring(prefix.length())), values);
        }
        return new Rows(good, houses.problems());
    }

    static void assertReadAlike(Path file, Schema schema) {
        Rows rows = orNull(() -> rows(file, schema));
        Rows houses = orNull(() -> houses(file, schema));
        if (rows == null || rows.good().isEmpty()) {
            assertNull(houses, "CsvHouses refuses a file with no good row, as CsvRows does a file it cannot read");
            return;
        }
        assertNotNull(houses, "CsvHouses refused a file with good rows");
        assertEquals(rows.problems(), houses.problems());
        assertEquals(rows.good().keySet(), houses.good().keySet(), "the good rows");
        rows.good().forEach((row, values) -> {
            List<Double> parsed = houses.good().get(row);
            if (parsed == null) {
                // evaluate learns a row with no feature (all imputed); the topology makes it a dead letter (missing_features)
                assertTrue(hasNoFeature(values, schema), () -> "row " + row + " " + values + " was refused by the parser");
            } else {
                assertEquals(values, parsed, "row " + row);
            }
        });
    }

    /** Null for a file the reader refuses with a message to the user; any other exception is thrown. */
    private static Rows orNull(Supplier<Rows> read) {
        try {
            return read.get();
        } catch (UserException e) {
            return null;
        }
    }

    /** No numeric feature has a value and no category column is set (all of them missing, or unknown). */
    private static boolean hasNoFeature(List<Double> values, Schema schema) {
        int numeric = (int) schema.fields().stream().filter(f -> f.type() == Type.NUMERIC).count();
        return values.subList(0, numeric).stream().allMatch(v -> v.isNaN())
                && values.subList(numeric, schema.featureCount()).stream().allMatch(v -> v == 0.0);
    }

    /** Features, then label; -0.0 as 0.0, which learns alike (CsvHouses writes -0.0 as 0). */
    static List<Double> values(double[] features, double label) {
        List<Double> values = new ArrayList<>();
        for (double v : features) {
            values.add(v + 0.0);
        }
        values.add(label + 0.0);
        return values;
    }
}
