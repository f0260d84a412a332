package dev.descent.topology;

import java.nio.ByteBuffer;

/**
 * A prediction record in the {@link PredictionFormat#DOUBLES} format: {@code 8·(1 + learners)} bytes,
 * the label (NaN for an unlabeled record) and then each learner's prediction, big-endian IEEE
 * doubles, bit for bit what the learners computed (a non-finite prediction stays as it is).
 */
public final class PredictionDoubles {

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
}
