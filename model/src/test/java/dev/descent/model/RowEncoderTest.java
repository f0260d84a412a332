package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The California-housing CSV layout, label before ocean_proximity as in the public file. */
class RowEncoderTest {
    private static final List<String> HEADER = List.of("longitude", "latitude", "housing_median_age", "total_rooms",
            "total_bedrooms", "population", "households", "median_income", "median_house_value", "ocean_proximity");
    private static final String[] ROW = {"-122.23", "37.88", "41.0", "880.0", "129.0", "322.0", "126.0", "8.3252",
        "452600.0", "NEAR BAY"};

    /** The header's columns: 8 numeric, the label, ocean_proximity one-hot over its 5 values. */
    static final Schema SCHEMA = new Schema(java.util.stream.Stream.concat(
            HEADER.subList(0, 8).stream().map(Schema.Field::numeric),
            java.util.stream.Stream.of(Schema.Field.label(HEADER.get(8)), Schema.Field.categorical(HEADER.get(9),
                    List.of("<1H OCEAN", "INLAND", "ISLAND", "NEAR BAY", "NEAR OCEAN")))).toList());

    private final RowEncoder encoder = SCHEMA.forColumns(HEADER);
    private final double[] features = new double[13];

    @Test
    void shouldEncodeAValidRow() throws InvalidRecordException {
        assertEquals(452600.0, encoder.encode(ROW, features), 0.0);
        assertArrayEquals(new double[] {-122.23, 37.88, 41, 880, 129, 322, 126, 8.3252, 0, 0, 0, 1, 0}, features, 0.0);
    }

    @Test
    void shouldFindColumnsByNameInAnyOrder() throws InvalidRecordException {
        RowEncoder shuffled = SCHEMA.forColumns(List.of("ocean_proximity", "median_income",
                "households", "population", "total_bedrooms", "total_rooms", "housing_median_age", "latitude",
                "longitude", "median_house_value", "extra"));
        String[] row = {"INLAND", "8.3252", "126.0", "322.0", "129.0", "880.0", "41.0", "37.88", "-122.23", "1000", "x"};
        assertEquals(1000, shuffled.encode(row, features), 0.0);
        assertArrayEquals(new double[] {-122.23, 37.88, 41, 880, 129, 322, 126, 8.3252, 0, 1, 0, 0, 0}, features, 0.0);
    }

    @Test
    void shouldEncodeAnEmptyNumericValueAsMissing() throws InvalidRecordException {
        String[] row = ROW.clone();
        row[4] = "";
        encoder.encode(row, features);
        assertTrue(Double.isNaN(features[4]));
        assertEquals(322, features[5], 0.0);
    }

    @Test
    void shouldReturnNaNForAnEmptyLabel() throws InvalidRecordException {
        String[] row = ROW.clone();
        row[8] = " ";
        assertTrue(Double.isNaN(encoder.encode(row, features)));
        assertEquals(8.3252, features[7], 0.0);
    }

    @ParameterizedTest(name = "''{0}'' in {1}")
    @CsvSource({"abc, 2", "NaN, 2", "Infinity, 2", "-Infinity, 5", "1e308, 0", "1e16, 7", "abc, 8", "NaN, 8",
        "1e308, 8"})
    void shouldRejectAnInvalidValueNamingTheColumn(String value, int column) {
        String[] row = ROW.clone();
        row[column] = value;
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> encoder.encode(row, features));
        assertEquals(HEADER.get(column), e.field());
        assertTrue(e.getMessage().contains("'" + HEADER.get(column) + "'"), e.getMessage());
        assertTrue(e.getMessage().length() > e.field().length() + 10, "the message says why: " + e.getMessage());
    }

    @Test
    void shouldRejectARaggedRow() {
        String[] shortRow = java.util.Arrays.copyOf(ROW, 9);
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> encoder.encode(shortRow, features));
        assertNull(e.field());
        assertTrue(e.getMessage().contains("expected 10 columns, found 9"), e.getMessage());
        String[] longRow = java.util.Arrays.copyOf(ROW, 11);
        longRow[10] = "";
        assertThrows(InvalidRecordException.class, () -> encoder.encode(longRow, features));
    }

    /** A quote never closed swallows the rest of the file into one cell, so the row is short too: the cell says why. */
    @Test
    void shouldNameABadCellOfARaggedRowFirst() {
        String[] shortRow = java.util.Arrays.copyOf(ROW, 9);
        shortRow[2] = "abc";
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> encoder.encode(shortRow, features));
        assertEquals(HEADER.get(2), e.field(), e.getMessage());
    }

    @Test
    void shouldEncodeAnUnknownOrEmptyCategoryAsAllZeros() throws InvalidRecordException {
        String[] row = ROW.clone();
        encoder.encode(row, features);
        assertEquals(1, features[11], 0.0);
        row[9] = "MOON";
        encoder.encode(row, features);
        assertArrayEquals(new double[5], java.util.Arrays.copyOfRange(features, 8, 13), 0.0,
                "the earlier one-hot value must be cleared");
        row[9] = "";
        encoder.encode(row, features);
        assertArrayEquals(new double[5], java.util.Arrays.copyOfRange(features, 8, 13), 0.0);
    }
}
