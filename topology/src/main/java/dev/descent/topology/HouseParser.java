package dev.descent.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the bytes of one input record into a {@link HouseRecord}, or says exactly why it cannot.
 *
 * <p>The value must be a UTF-8 JSON object with nothing but white space after it, and no key given
 * twice in it (readers differ on which of the two values counts, so neither is learned). Schema
 * fields are looked up by name; other fields are ignored. Numbers must be JSON numbers (NaN and
 * Infinity are recognised so they can be named, then rejected); categories must be strings. An
 * absent or null feature, or text that is one of the schema's missing tokens (by default the empty
 * text), is missing and imputed by the learners with the running mean (a missing category encodes
 * as all zeros), unless every feature is missing; a missing label makes the record predict-only.
 * With {@link Listings} a sale may carry its label alone: its listing has the features. With
 * {@link ModelKeys} the key's field, text or a number, gives the record's model key; the field may
 * be absent (the global learners' record), unless the keys are required.
 */
public final class HouseParser {
    /** A house record is well under 1 KiB; anything this large is not one. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Schema schema;
    private final List<Field> numeric;
    private final List<Field> categorical;
    private final String label;
    private final int width;
    private final boolean labelAlone;
    private final ModelKeys keys;

    public HouseParser(Schema schema) {
        this(schema, false, ModelKeys.OFF);
    }

    /**
     * @param labelAlone whether a labeled record without features is valid (a sale, with {@link Listings})
     * @param keys       the field that holds each record's model key, if any
     */
    public HouseParser(Schema schema, boolean labelAlone, ModelKeys keys) {
        this.schema = schema;
        this.labelAlone = labelAlone;
        this.keys = keys;
        this.numeric = schema.fields().stream().filter(f -> f.type() == Type.NUMERIC).toList();
        this.categorical = schema.fields().stream().filter(f -> f.type() == Type.CATEGORICAL).toList();
        this.label = schema.label();
        this.width = schema.featureCount();
    }

    public Schema schema() {
        return schema;
    }

    public HouseRecord parse(String key, byte[] value) throws InvalidHouseException {
        if (value == null) {
            throw new InvalidHouseException(DeadLetterReason.NULL_VALUE, "record has no value (null)");
        }
        if (value.length == 0) {
            throw new InvalidHouseException(DeadLetterReason.EMPTY_VALUE, "record value is empty");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidHouseException(DeadLetterReason.TOO_LARGE,
                    "record value has " + value.length + " bytes; the limit is " + MAX_VALUE_BYTES);
        }
        checkText(value);
        JsonNode root;
        try (JsonParser json = JSON.createParser(value)) {
            root = JSON.readTree(json);
            if (json.nextToken() != null) {
                throw new InvalidHouseException(DeadLetterReason.MALFORMED_JSON, "text after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidHouseException(DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidHouseException(DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new InvalidHouseException(DeadLetterReason.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType()));
        }
        double[] features = new double[width];
        int present = 0;
        int k = 0;
        for (Field f : numeric) {
            double v = number(root.get(f.name()), f.name());
            features[k++] = v;
            if (!Double.isNaN(v)) {
                present++;
            }
        }
        for (Field f : categorical) {
            JsonNode node = root.get(f.name());
            String category = null;
            if (node != null && !node.isNull()) {
                if (!node.isTextual()) {
                    throw new InvalidHouseException(DeadLetterReason.WRONG_TYPE,
                            "field '" + f.name() + "' must be text, got " + node.getNodeType());
                }
                if (!schema.isMissing(node.asText())) {
                    category = node.asText();
                    present++;
                }
            }
            f.oneHot(category, features, k);
            k += f.categories().size();
        }
        double price = number(root.get(label), label);
        if (present == 0 && !(labelAlone && !Double.isNaN(price))) {
            throw new InvalidHouseException(DeadLetterReason.MISSING_FEATURES,
                    "none of the schema's features is present");
        }
        return new HouseRecord(key, features, price, present > 0, value, keys.on() ? modelKey(root.get(keys.field())) : null);
    }

    /** The model key: a text field's text, a number field's JSON number; null when absent or missing. */
    private String modelKey(JsonNode node) throws InvalidHouseException {
        String key = null;
        if (node != null && !node.isNull()) {
            if (!node.isTextual() && !node.isNumber()) {
                throw new InvalidHouseException(DeadLetterReason.WRONG_TYPE,
                        "model key field '" + keys.field() + "' must be text or a number, got " + node.getNodeType());
            }
            key = node.isTextual() ? node.asText() : node.toString();
            key = schema.isMissing(key) ? null : key;
        }
        if (key == null && keys.required()) {
            throw new InvalidHouseException(DeadLetterReason.NO_MODEL_KEY,
                    "the record has no '" + keys.field() + "', the field that names its model (--require-model-key)");
        }
        return key;
    }

    private double number(JsonNode node, String field) throws InvalidHouseException {
        if (node == null || node.isNull() || (node.isTextual() && schema.isMissing(node.asText()))) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            throw new InvalidHouseException(DeadLetterReason.WRONG_TYPE,
                    "field '" + field + "' must be a number, got " + node.getNodeType());
        }
        double v = node.doubleValue();
        try {
            return Schema.checkNumber(field, v);
        } catch (InvalidRecordException e) {
            DeadLetterReason reason = Double.isFinite(v) ? DeadLetterReason.OUT_OF_RANGE : DeadLetterReason.NON_FINITE;
            throw new InvalidHouseException(reason, e.getMessage());
        }
    }

    /**
     * UTF-8 with no NUL byte: JSON text has none (a control character must be escaped), and from
     * NUL bytes Jackson would guess UTF-16 or UTF-32 and read ASCII text so encoded, valid UTF-8 as
     * its bytes are.
     */
    private static void checkText(byte[] value) throws InvalidHouseException {
        boolean ascii = true;
        for (byte b : value) {
            if (b == 0) {
                throw new InvalidHouseException(DeadLetterReason.MALFORMED_JSON,
                        "not valid JSON: a NUL byte (is the text UTF-16 or UTF-32?)");
            }
            if (b < 0) {
                ascii = false;
            }
        }
        if (ascii) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new InvalidHouseException(DeadLetterReason.NOT_UTF8, "value is not valid UTF-8");
        }
    }
}
