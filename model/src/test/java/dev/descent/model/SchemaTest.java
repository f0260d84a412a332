package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.Schema.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void shouldNameNumericColumnsThenOneHotColumnsWhateverTheFieldOrder() {
        Schema schema = new Schema(List.of(Field.categorical("kind", List.of("flat", "house")), Field.numeric("rooms"),
                Field.label("price"), Field.numeric("age")));
        assertEquals(4, schema.featureCount());
        assertEquals(List.of("rooms", "age", "kind=flat", "kind=house"), schema.featureNames());
        assertEquals("price", schema.label());
    }

    @Test
    void shouldRejectSchemasWithoutExactlyOneLabelOrWithDuplicates() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schema(List.of(Field.numeric("a")))).getMessage().contains("exactly one label"));
        assertThrows(IllegalArgumentException.class,
                () -> new Schema(List.of(Field.numeric("a"), Field.label("y"), Field.label("z"))));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schema(List.of(Field.label("y")))).getMessage().contains("feature"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schema(List.of(Field.numeric("a"), Field.numeric("a"), Field.label("y"))))
                .getMessage().contains("unique"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schema(List.of(Field.categorical("c", List.of()), Field.label("y"))))
                .getMessage().contains("'c'"));
    }

    @Test
    void shouldParseNumbersAndTreatEmptyTextAsMissing() throws InvalidRecordException {
        assertEquals(-122.23, Schema.parseNumber("longitude", " -122.23 "), 0.0);
        assertEquals(1e15, Schema.parseNumber("x", "1e15"), 0.0);
        assertTrue(Double.isNaN(Schema.parseNumber("x", "")));
        assertTrue(Double.isNaN(Schema.parseNumber("x", "   ")));
    }

    @Test
    void shouldNameTheFieldWhenAHeaderLacksIt() {
        List<String> header = List.of("longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
                "population", "households", "median_house_value", "ocean_proximity");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RowEncoderTest.SCHEMA.forColumns(header));
        assertTrue(e.getMessage().contains("median_income"), e.getMessage());
    }
}
