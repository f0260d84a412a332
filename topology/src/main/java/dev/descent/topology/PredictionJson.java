package dev.descent.topology;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON of one prediction record,
 * {@code {"key":…,"label":…,"prediction":…,"champion":id,"predictions":{id:…},"losses":{id:…}}}: the
 * price to show (the champion's, see {@link dev.descent.model.Champion}) first, then every learner's,
 * written byte by byte from the numbers: the learner ids are quoted once, up front, and each
 * record only adds its key and its numbers. A tree of nodes cost as much as writing the numbers
 * and a Jackson generator per record a third as much again. Numbers are the shortest decimal that
 * reads back as the same double (Jackson's Schubfach writer: the JDK's Double.toString was a
 * tenth of the topology's time), so a reader gets exactly the predictions that were made;
 * non-finite numbers become null. A replay writes {@link PredictionDoubles} instead.
 *
 * <p>With {@link Listings} a sale's record adds what was predicted at its listing,
 * {@code "listed":{id:…}}, and the event time between that prediction and the sale,
 * {@code "labelDelayMs":…}.
 *
 * <p>With {@link ModelKeys} a record names its model key and whose price it serves,
 * {@code {"key":…,"label":…,"prediction":…,"champion":id,"model":key,"servedBy":"key"|"global","predictions":{id:…},…}}:
 * the predictions and losses are the key's learners' (the global learners' for a record without
 * a key), and a young key's record, served the global price, adds the global learners' as
 * {@code "global":{id:…}}.
 */
final class PredictionJson {
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();
    private static final byte[] KEY = ascii("{\"key\":\"");
    private static final byte[] LABEL = ascii("\",\"label\":");
    private static final byte[] PREDICTION = ascii(",\"prediction\":");
    private static final byte[] CHAMPION = ascii(",\"champion\":");
    private static final byte[] PREDICTIONS = ascii(",\"predictions\":{");
    private static final byte[] LOSSES = ascii("},\"losses\":{");
    private static final byte[] VERSIONS = ascii("},\"versions\":{");
    private static final byte[] LISTED = ascii("},\"listed\":{");
    private static final byte[] LABEL_DELAY = ascii("},\"labelDelayMs\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] BY_KEY = ascii(",\"servedBy\":\"key\"");
    private static final byte[] BY_GLOBAL = ascii(",\"servedBy\":\"global\"");
    private static final byte[] GLOBAL = ascii("},\"global\":{");

    private final byte[][] fieldNames;     // "id": per learner, escaped
    private final byte[][] values;         // "id" per learner, escaped
    private byte[] buffer = new byte[1024];
    private int size;

    PredictionJson(List<String> learnerIds) {
        fieldNames = learnerIds.stream().map(id -> {
            byte[] quoted = STRINGS.quoteAsUTF8(id);
            byte[] name = new byte[quoted.length + 3];
            name[0] = '"';
            System.arraycopy(quoted, 0, name, 1, quoted.length);
            name[quoted.length + 1] = '"';
            name[quoted.length + 2] = ':';
            return name;
        }).toArray(byte[][]::new);
        values = Arrays.stream(fieldNames).map(name -> Arrays.copyOf(name, name.length - 1)).toArray(byte[][]::new);
    }

    /**
     * {@code losses} is null for an unlabeled record, which then has a null label and no losses;
     * {@code versions}, the global version each prediction was made on, is null on a single partition;
     * {@code champion} is the index of the learner whose prediction is served.
     */
    byte[] write(String key, double label, int champion, double[] predictions, double[] losses, long[] versions) {
        return write(key, label, champion, predictions, losses, versions, null, 0);
    }

    /** A sale's record: {@code listed} the learners' predictions at its listing, {@code labelDelayMillis} after. */
    byte[] write(String key, double label, int champion, double[] predictions, double[] losses, long[] versions,
                 double[] listed, long labelDelayMillis) {
        start(key, label, losses != null, champion, predictions[champion]);
        append(PREDICTIONS);
        numbers(predictions);
        if (losses != null) {
            append(LOSSES);
            numbers(losses);
        }
        if (versions != null) {
            append(VERSIONS);
            for (int i = 0; i < fieldNames.length; i++) {
                if (i > 0) {
                    append((byte) ',');
                }
                append(fieldNames[i]);
                append(ascii(Long.toString(versions[i])));
            }
        }
        if (listed != null) {
            append(LISTED);
            numbers(listed);
            append(LABEL_DELAY);
            append(ascii(Long.toString(labelDelayMillis)));
        } else {
            append((byte) '}');
        }
        append((byte) '}');
        return Arrays.copyOf(buffer, size);
    }

    /**
     * A keyed record: {@code modelKey} null for a record without one; {@code price} the served
     * learners' champion's, and {@code global} the global learners' predictions when a key's record
     * is served theirs, else null.
     */
    byte[] writeKeyed(String key, double label, String modelKey, boolean servedByGlobal, int champion, double price,
                      double[] predictions, double[] losses, double[] global) {
        start(key, label, losses != null, champion, price);
        append(MODEL);
        if (modelKey == null) {
            append(NULL);
        } else {
            append((byte) '"');
            append(STRINGS.quoteAsUTF8(modelKey));
            append((byte) '"');
        }
        append(servedByGlobal ? BY_GLOBAL : BY_KEY);
        append(PREDICTIONS);
        numbers(predictions);
        if (losses != null) {
            append(LOSSES);
            numbers(losses);
        }
        if (global != null) {
            append(GLOBAL);
            numbers(global);
        }
        append((byte) '}');
        append((byte) '}');
        return Arrays.copyOf(buffer, size);
    }

    /** From the key to the champion's id: a labeled record's label, else null. */
    private void start(String key, double label, boolean labeled, int champion, double price) {
        size = 0;
        append(KEY);
        append(STRINGS.quoteAsUTF8(key));
        append(LABEL);
        number(labeled ? label : Double.NaN);
        append(PREDICTION);
        number(price);
        append(CHAMPION);
        append(values[champion]);
    }

    private void numbers(double[] values) {
        for (int i = 0; i < fieldNames.length; i++) {
            if (i > 0) {
                append((byte) ',');
            }
            append(fieldNames[i]);
            number(values[i]);
        }
    }

    private void number(double v) {
        if (!Double.isFinite(v)) {
            append(NULL);
            return;
        }
        String digits = NumberOutput.toString(v, true);
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            buffer[size++] = (byte) digits.charAt(i);      // digits, '.', '-', 'E': all ASCII
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void append(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
