package dev.descent.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the JSON object of one house record: numbers as JSON numbers, text as strings, in the map's order. */
final class HouseJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Above this, a double no longer holds every integer exactly, so it is written as it is. */
    private static final double EXACT_INTEGER_LIMIT = 1L << 53;

    private HouseJson() {
    }

    /**
     * @param fields field name to a finite {@link Double} or a {@link String}; leave a field out
     *               to make it missing
     */
    static byte[] encode(Map<String, Object> fields) {
        Map<String, Object> compacted = new LinkedHashMap<>();
        fields.forEach((name, value) -> compacted.put(name, compact(value)));
        try {
            return JSON.writeValueAsBytes(compacted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of numbers and strings as JSON", e);
        }
    }

    /** Counts read as doubles are written "880", not "880.0", as in the source data. */
    private static Object compact(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
            return d.longValue();
        }
        return value;
    }
}
