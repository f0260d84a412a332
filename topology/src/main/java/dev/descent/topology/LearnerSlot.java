package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import dev.descent.model.PrequentialScore;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A learner as the topology keeps it: the learner itself and its prequential score so far (in
 * label units). Stored as the learner's own versioned bytes followed by the score's totals:
 * labeled records, sum of squared and of absolute errors; the recent window is not stored.
 */
public final class LearnerSlot {
    /** Labeled records in the recent RMSE; it starts afresh when the slot is read back after a restart. */
    static final int RECENT = 1000;
    private static final int TOTALS_BYTES = 24;

    private final Learner learner;
    private final PrequentialScore score;

    public LearnerSlot(Learner learner) {
        this(learner, new PrequentialScore(RECENT));
    }

    private LearnerSlot(Learner learner, PrequentialScore score) {
        this.learner = learner;
        this.score = score;
    }

    public Learner learner() {
        return learner;
    }

    /** Scores a prediction made before learning from {@code label}. */
    public void score(double prediction, double label) {
        score.add(prediction, label);
    }

    public long scored() {
        return score.count();
    }

    public double rmse() {
        return score.rmse();
    }

    public double mae() {
        return score.mae();
    }

    public double recentRmse() {
        return score.recentRmse();
    }

    public byte[] encode() {
        return LearnerCodec.encode(learner, out -> {
            out.writeLong(score.count());
            out.writeDouble(score.sumSquaredError());
            out.writeDouble(score.sumAbsoluteError());
        });
    }

    public static LearnerSlot decode(byte[] bytes) {
        if (bytes.length < TOTALS_BYTES) {
            throw new IllegalArgumentException("learner slot of " + bytes.length + " bytes is too short");
        }
        Learner learner = LearnerCodec.decode(Arrays.copyOf(bytes, bytes.length - TOTALS_BYTES));
        ByteBuffer totals = ByteBuffer.wrap(bytes, bytes.length - TOTALS_BYTES, TOTALS_BYTES);
        return new LearnerSlot(learner, PrequentialScore.resume(RECENT, totals.getLong(), totals.getDouble(),
                totals.getDouble()));
    }
}
