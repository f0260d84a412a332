package dev.descent.data;

import java.nio.charset.StandardCharsets;

/**
 * One house record as it travels on the input topic: a text key and a UTF-8 JSON object whose
 * fields are the schema's column names (see {@link dev.descent.topology.HouseParser}).
 * The value array is not copied: do not change it after handing it over.
 *
 * @param timestamp the record's event time in epoch milliseconds (a listing's or a sale's moment, see
 *                  {@link ListingStream}), or null for none: the producer then stamps it with its clock
 */
public record HouseMessage(String key, byte[] value, Long timestamp) {

    /** A record without an event time of its own. */
    public HouseMessage(String key, byte[] value) {
        this(key, value, null);
    }

    public byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The value as text, for logs and tests. */
    public String json() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
