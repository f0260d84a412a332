package dev.descent.topology;

/** Why an input record went to the dead-letter topic; the lower-case name is the {@code descent.reason} header. */
public enum DeadLetterReason {
    /** The record has no value (a tombstone). */
    NULL_VALUE,
    /** The value has zero bytes. */
    EMPTY_VALUE,
    /** The value is larger than a house record can be. */
    TOO_LARGE,
    /** The bytes are not valid UTF-8. */
    NOT_UTF8,
    /** The text is not valid JSON: also text after the JSON value, a key given twice, or a NUL byte (UTF-16 text). */
    MALFORMED_JSON,
    /** The JSON is valid but not an object. */
    NOT_AN_OBJECT,
    /** A schema field has the wrong JSON type (e.g. text where a number belongs). */
    WRONG_TYPE,
    /** A number is NaN or infinite. */
    NON_FINITE,
    /** A number's magnitude is above the schema's limit. */
    OUT_OF_RANGE,
    /** None of the schema's features is present. */
    MISSING_FEATURES,
    /** With {@link Listings}: a sale without features whose listing did not come within the sale grace. */
    NO_LISTING,
    /** With {@link Listings}: a second sale of a house within the label window of its first; not learned. */
    DUPLICATE_SALE,
    /** With {@link ModelKeys} required: the record has no value in the model key's field. */
    NO_MODEL_KEY,
    /** With {@link ModelKeys}: a new model key beyond {@code --max-keys}; not learned or predicted. */
    TOO_MANY_KEYS;

    public String header() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
