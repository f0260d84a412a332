package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the bytes of a house record say, read without {@link HouseParser}: a second answer to check
 * it against. The bytes are decoded as strict UTF-8 (a leading byte-order mark dropped, which RFC
 * 8259 allows), the text is read by Jackson's character parser (the parser reads bytes) into plain
 * maps with no key twice and nothing after the value, and the schema's rules are applied field by
 * field as its Javadoc states them. The one leniency is the parser's own: NaN and Infinity are read
 * as numbers so that they can be named (a dead letter in a schema field, ignored in any other).
 *
 * <p>A record's values are its features, then its label, as one list: {@link Double#equals} tells
 * NaN (missing) from NaN and -0.0 from 0.0, so two readings agree only when every bit does.
 */
final class HouseReading {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private HouseReading() {
    }

    /** The parser's reading: the record's values, or null for a dead letter; any other exception is thrown. */
    static List<Double> parse(HouseParser parser, byte[] value) {
        try {
            return values(parser.parse("k", value));
        } catch (InvalidHouseException e) {
            return null;
        }
    }

    /** Every input is read by the parser as this reading says: the same values, or a dead letter. */
    static void assertParsedAsItReads(HouseParser parser, byte[] value) {
        assertEquals(read(parser.schema(), value), parse(parser, value),
                () -> "read differently: " + new String(value, StandardCharsets.UTF_8));
    }

    static List<Double> values(HouseRecord house) {
        List<Double> values = new ArrayList<>();
        Arrays.stream(house.features()).forEach(values::add);
        values.add(house.label());
        return values;
    }

    /** The values {@code value} means under {@code schema}, or null when it must be a dead letter. */
    static List<Double> read(Schema schema, byte[] value) {
        if (value == null || value.length == 0 || value.length > HouseParser.MAX_VALUE_BYTES) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        Object json;
        try {
            json = STRICT.readValue(text.startsWith("\uFEFF") ? text.substring(1) : text, Object.class);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (!(json instanceof Map<?, ?> fields)) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        boolean present = false;
        for (Field f : schema.fields()) {
            if (f.type() == Type.NUMERIC) {
                Double v = number(schema, fields.get(f.name()));
                if (v == null) {
                    return null;
                }
                values.add(v);
                present |= !v.isNaN();
            }
        }
        for (Field f : schema.fields()) {
            if (f.type() == Type.CATEGORICAL) {
                Object v = fields.get(f.name());
                if (v != null && !(v instanceof String)) {
                    return null;
                }
                String category = v == null || schema.isMissing((String) v) ? null : ((String) v).strip();
                present |= category != null;
                f.categories().forEach(c -> values.add(c.equals(category) ? 1.0 : 0.0));
            }
        }
        Double label = number(schema, fields.get(schema.label()));
        if (!present || label == null) {
            return null;
        }
        values.add(label);
        return values;
    }

    /** A numeric field's value: NaN when missing, null when it makes a dead letter. */
    private static Double number(Schema schema, Object v) {
        if (v == null || (v instanceof String s && schema.isMissing(s))) {
            return Double.NaN;
        }
        if (!(v instanceof Number n)) {
            return null;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && Math.abs(d) <= Schema.MAX_MAGNITUDE ? d : null;
    }
}
