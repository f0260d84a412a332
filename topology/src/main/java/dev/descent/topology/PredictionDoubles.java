package dev.descent.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A prediction record in the {@link PredictionFormat#DOUBLES} format: {@code 8·(1 + learners)} bytes,
 * the label (NaN for an unlabeled record) and then each learner's prediction, big-endian IEEE
 * doubles, bit for bit what the learners computed (a non-finite prediction stays as it is).
 *
 * <p>With {@link ModelKeys} a record says more, so that a replay can compare the keys' learners with
 * the global ones on the same records ({@link #writeKeyed}); big-endian throughout, {@code n} the
 * number of learners:
 * <pre>
 * label           double    NaN for an unlabeled record
 * key length      int       bytes of the model key's UTF-8; -1 for a record without the key field
 * key             bytes     the model key, UTF-8
 * flags           byte      1: the global learners predicted the record; 2: the global learners' price was served
 * served          int       index, in the learners' order, of the learner whose price was served
 * key's learners  n doubles present with a model key
 * global learners n doubles present with flag 1
 * </pre>
 * A record without the key field has only the global learners' predictions. With keys alone
 * ({@code --no-key-fallback --no-warm-start}) the global learners do not predict a keyed record,
 * which then has only its key's.
 */
public final class PredictionDoubles {
    private static final byte GLOBAL_PREDICTED = 1;
    private static final byte SERVED_BY_GLOBAL = 2;
    private static final int NO_KEY = -1;

    private PredictionDoubles() {
    }

    /** {@code label} and {@code predictions} in this format. */
    public static byte[] write(double label, double[] predictions) {
        ByteBuffer value = ByteBuffer.allocate(Double.BYTES * (1 + predictions.length));
        value.putDouble(label);
        for (double prediction : predictions) {
            value.putDouble(prediction);
        }
        return value.array();
    }

    /**
     * Fills {@code predictions} from {@code value} and returns its label; a value of another length
     * than {@code predictions} needs was written for another set of learners and is refused.
     */
    public static double read(byte[] value, double[] predictions) {
        int expected = Double.BYTES * (1 + predictions.length);
        if (value == null || value.length != expected) {
            throw new IllegalArgumentException("a prediction record for " + predictions.length + " learners has "
                    + expected + " bytes, not " + (value == null ? "none (null)" : value.length));
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        double label = buffer.getDouble();
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = buffer.getDouble();
        }
        return label;
    }

    /**
     * A record of a topology with model keys in this format.
     *
     * @param modelKey the record's model key, null for a record without the key field
     * @param own      the key's learners' predictions, null without a model key
     * @param global   the global learners' predictions, null when they did not predict the record
     * @param servedByGlobal whether the price served is {@code global[served]} rather than {@code own[served]}
     */
    public static byte[] writeKeyed(double label, String modelKey, double[] own, double[] global, boolean servedByGlobal,
                                    int served) {
        if ((modelKey == null) != (own == null) || (own == null && global == null)) {
            throw new IllegalArgumentException("a keyed prediction record has its key's learners' predictions exactly when"
                    + " it has a model key, and the global learners' at least when it has none");
        }
        byte[] key = modelKey == null ? null : modelKey.getBytes(StandardCharsets.UTF_8);
        int doubles = (own == null ? 0 : own.length) + (global == null ? 0 : global.length);
        ByteBuffer value = ByteBuffer.allocate(Double.BYTES * (1 + doubles) + Integer.BYTES
                + (key == null ? 0 : key.length) + 1 + Integer.BYTES);
        value.putDouble(label);
        value.putInt(key == null ? NO_KEY : key.length);
        if (key != null) {
            value.put(key);
        }
        value.put((byte) ((global != null ? GLOBAL_PREDICTED : 0) | (servedByGlobal ? SERVED_BY_GLOBAL : 0)));
        value.putInt(served);
        putAll(value, own);
        putAll(value, global);
        return value.array();
    }

    private static void putAll(ByteBuffer value, double[] predictions) {
        if (predictions != null) {
            for (double prediction : predictions) {
                value.putDouble(prediction);
            }
        }
    }

    /**
     * A record {@link #writeKeyed} wrote for {@code learners} learners; one of another length was
     * written for another set of learners and is refused.
     */
    public static KeyedPrediction readKeyed(byte[] value, int learners) {
        if (value == null || value.length < Double.BYTES + Integer.BYTES) {
            throw notKeyed(value, learners);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        double label = buffer.getDouble();
        int keyLength = buffer.getInt();
        if (keyLength < NO_KEY || keyLength > buffer.remaining()) {
            throw notKeyed(value, learners);
        }
        String modelKey = null;
        if (keyLength != NO_KEY) {
            modelKey = new String(value, buffer.position(), keyLength, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + keyLength);
        }
        if (buffer.remaining() < 1 + Integer.BYTES) {
            throw notKeyed(value, learners);
        }
        byte flags = buffer.get();
        int served = buffer.getInt();
        boolean globalPredicted = (flags & GLOBAL_PREDICTED) != 0;
        int doubles = (modelKey == null ? 0 : learners) + (globalPredicted ? learners : 0);
        if (buffer.remaining() != Double.BYTES * doubles) {
            throw notKeyed(value, learners);
        }
        double[] own = modelKey == null ? null : doubles(buffer, learners);
        double[] global = globalPredicted ? doubles(buffer, learners) : null;
        return new KeyedPrediction(label, modelKey, own, global, (flags & SERVED_BY_GLOBAL) != 0, served);
    }

    private static IllegalArgumentException notKeyed(byte[] value, int learners) {
        return new IllegalArgumentException("not a keyed prediction record for " + learners + " learners: "
                + (value == null ? "none (null)" : value.length + " bytes"));
    }

    private static double[] doubles(ByteBuffer buffer, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = buffer.getDouble();
        }
        return values;
    }

    /**
     * A keyed prediction record as read ({@link #writeKeyed} names the parts).
     */
    public record KeyedPrediction(double label, String modelKey, double[] own, double[] global, boolean servedByGlobal,
                                  int served) {
        public boolean labeled() {
            return !Double.isNaN(label);
        }

        /** The price served: the serving learners' champion's prediction. */
        public double servedPrice() {
            return (servedByGlobal ? global : own)[served];
        }
    }
}
