package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import java.nio.ByteBuffer;

/**
 * A learner as the topology keeps it: the learner itself and its prequential error so far
 * (labeled records, sum of squared and of absolute errors, in label units). Stored as the
 * learner's own versioned bytes followed by those three numbers.
 */
public final class LearnerSlot {
    private final Learner learner;
    private long scored;
    private double sumSquaredError;
    private double sumAbsoluteError;

    public LearnerSlot(Learner learner) {
        this.learner = learner;
    }

    public Learner learner() {
        return learner;
    }

    /** Scores a prediction made before learning from {@code label}. */
    public void score(double prediction, double label) {
        double e = label - prediction;
        scored++;
        sumSquaredError += e * e;
        sumAbsoluteError += Math.abs(e);
    }

    public long scored() {
        return scored;
    }

    public double rmse() {
        return scored == 0 ? Double.NaN : Math.sqrt(sumSquaredError / scored);
    }

    public double mae() {
        return scored == 0 ? Double.NaN : sumAbsoluteError / scored;
    }

    public byte[] encode() {
        return LearnerCodec.encode(learner, out -> {
            out.writeLong(scored);
            out.writeDouble(sumSquaredError);
            out.writeDouble(sumAbsoluteError);
        });
    }

    public static LearnerSlot decode(byte[] bytes) {
        if (bytes.length < 24) {
            throw new IllegalArgumentException("learner slot of " + bytes.length + " bytes is too short");
        }
        byte[] state = java.util.Arrays.copyOf(bytes, bytes.length - 24);
        LearnerSlot slot = new LearnerSlot(LearnerCodec.decode(state));
        ByteBuffer tail = ByteBuffer.wrap(bytes, bytes.length - 24, 24);
        slot.scored = tail.getLong();
        slot.sumSquaredError = tail.getDouble();
        slot.sumAbsoluteError = tail.getDouble();
        return slot;
    }
}
