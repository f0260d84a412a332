package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.CaliforniaHousing;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON input follows the schema's rules for missing values and categories, as CSV files do. */
class HouseParserTest {
    private static final List<Field> FIELDS = List.of(Field.numeric("area"), Field.label("price"),
            Field.categorical("zone", List.of("WD", "RL")));

    private static HouseRecord parse(Schema schema, String json) throws InvalidHouseException {
        return new HouseParser(schema).parse("k", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTakeTheSchemasMissingTokensAsMissingValues() throws InvalidHouseException {
        Schema schema = new Schema(FIELDS, List.of("NA", ""));

        HouseRecord noArea = parse(schema, "{\"area\": \"NA\", \"zone\": \"WD\", \"price\": \" \"}");
        HouseRecord noZone = parse(schema, "{\"area\": 70, \"zone\": \"NA\", \"price\": 1000}");

        assertTrue(Double.isNaN(noArea.features()[0]));
        assertTrue(Double.isNaN(noArea.label()), "a blank label: predict only");
        assertArrayEquals(new double[] {70, 0, 0}, noZone.features());
        assertEquals(DeadLetterReason.MISSING_FEATURES, assertThrows(InvalidHouseException.class,
                () -> parse(schema, "{\"area\": \"NA\", \"zone\": \"\", \"price\": 1000}")).reason());
        InvalidHouseException e = assertThrows(InvalidHouseException.class,
                () -> parse(schema, "{\"area\": \"n/a\", \"zone\": \"WD\"}"));
        assertEquals(DeadLetterReason.WRONG_TYPE, e.reason());
        assertEquals(DeadLetterReason.WRONG_TYPE, assertThrows(InvalidHouseException.class,
                () -> parse(new Schema(FIELDS), "{\"area\": \"NA\", \"zone\": \"WD\"}")).reason(),
                "NA is text unless the schema says it means missing");
    }

    @Test
    void shouldMatchACategoryWithSpacesAroundIt() throws InvalidHouseException {
        HouseRecord house = parse(new Schema(FIELDS), "{\"area\": 70, \"zone\": \" RL \", \"price\": 1000}");

        assertArrayEquals(new double[] {70, 0, 1}, house.features());
    }

    @Test
    void shouldRejectTextAfterTheObject() throws InvalidHouseException {
        Schema california = CaliforniaHousing.schema();
        String house = "{\"median_income\":5,\"median_house_value\":200000}";

        for (String tail : List.of(" xyz", "}", " {\"median_income\":6}", ",", " 7", "]")) {
            InvalidHouseException e = assertThrows(InvalidHouseException.class, () -> parse(california, house + tail),
                    tail);
            assertEquals(DeadLetterReason.MALFORMED_JSON, e.reason(), tail);
        }
        assertEquals(200_000, parse(california, house + " \r\n").label(), "white space after the object is no text");
    }

    /** Which of two values a key given twice means is up to each reader; we learn from neither. */
    @Test
    void shouldRejectAKeyGivenTwice() {
        Schema schema = new Schema(FIELDS);

        for (String json : List.of("{\"area\": 70, \"price\": 1000, \"area\": 80}",
                "{\"area\": 70, \"price\": 1000, \"price\": 2000}",
                "{\"area\": 70, \"note\": \"a\", \"note\": \"b\"}")) {
            InvalidHouseException e = assertThrows(InvalidHouseException.class, () -> parse(schema, json), json);
            assertEquals(DeadLetterReason.MALFORMED_JSON, e.reason(), json);
            assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
        }
    }

    /** Jackson would guess UTF-16 or UTF-32 from the NUL bytes of ASCII text so encoded, which are valid UTF-8. */
    @Test
    void shouldRejectTextThatIsNotUtf8EvenWhenItsBytesAre() {
        Schema california = CaliforniaHousing.schema();
        String house = "{\"median_income\":5,\"median_house_value\":200000}";

        for (Charset charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, Charset.forName("UTF-32LE"))) {
            InvalidHouseException e = assertThrows(InvalidHouseException.class,
                    () -> new HouseParser(california).parse("k", house.getBytes(charset)), charset.name());
            assertEquals(DeadLetterReason.MALFORMED_JSON, e.reason(), charset.name());
        }
    }
}
