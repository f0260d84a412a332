package dev.descent.chaos;

import dev.descent.topology.DeadLetterReason;
import dev.descent.topology.HouseParser;
import java.nio.charset.StandardCharsets;

/** Every kind of bad input an operator has seen, each with the dead-letter reason it must get. */
enum BadRecord {
    TRUNCATED("{\"median_income\":5,\"median_house_value\":", DeadLetterReason.MALFORMED_JSON),
    TRAILING_GARBAGE("{\"median_income\":5,\"median_house_value\":200000} xyz", DeadLetterReason.MALFORMED_JSON),
    DUPLICATE_KEY("{\"median_income\":5,\"median_income\":9,\"median_house_value\":200000}", DeadLetterReason.MALFORMED_JSON),
    NOT_UTF8(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, DeadLetterReason.NOT_UTF8),
    EMPTY(new byte[0], DeadLetterReason.EMPTY_VALUE),
    NULL_VALUE((byte[]) null, DeadLetterReason.NULL_VALUE),
    NOT_AN_OBJECT("[5, 200000]", DeadLetterReason.NOT_AN_OBJECT),
    WRONG_TYPE("{\"median_income\":\"high\",\"median_house_value\":200000}", DeadLetterReason.WRONG_TYPE),
    NON_FINITE("{\"median_income\":NaN,\"median_house_value\":200000}", DeadLetterReason.NON_FINITE),
    OUT_OF_RANGE("{\"median_income\":1e308,\"median_house_value\":200000}", DeadLetterReason.OUT_OF_RANGE),
    MISSING_FEATURES("{\"colour\":\"blue\",\"median_house_value\":200000}", DeadLetterReason.MISSING_FEATURES),
    TOO_LARGE(("{\"median_income\":5,\"note\":\"" + "x".repeat(HouseParser.MAX_VALUE_BYTES) + "\"}")
            .getBytes(StandardCharsets.UTF_8), DeadLetterReason.TOO_LARGE);

    private final byte[] value;
    private final DeadLetterReason reason;

    BadRecord(String value, DeadLetterReason reason) {
        this(value.getBytes(StandardCharsets.UTF_8), reason);
    }

    BadRecord(byte[] value, DeadLetterReason reason) {
        this.value = value;
        this.reason = reason;
    }

    byte[] value() {
        return value == null ? null : value.clone();
    }

    DeadLetterReason reason() {
        return reason;
    }
}
