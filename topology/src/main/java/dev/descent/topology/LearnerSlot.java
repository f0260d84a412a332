package dev.descent.topology;

import dev.descent.model.ErrorWindows;
import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import dev.descent.model.LearnerStatus;
import dev.descent.model.PrequentialScore;
import dev.descent.model.Replica;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A learner as the topology keeps it: the learner itself (on an input of several partitions, the
 * partition's {@link Replica} of it) and its prequential score so far (in label units). Stored as
 * the learner's or replica's own versioned bytes followed by the score's totals: labeled records,
 * sum of squared and of absolute errors; the recent window and the {@link ErrorWindows} behind the
 * learner's {@link LearnerStatus} are not stored (a restarted task judges its learners afresh).
 */
public final class LearnerSlot {
    /** Labeled records in the recent RMSE; it starts afresh when the slot is read back after a restart. */
    static final int RECENT = 1000;
    private static final int TOTALS_BYTES = 24;

    private final Learner learner;
    private final Replica replica;
    private final PrequentialScore score;
    /** With {@link Listings}: the predictions made at listing, scored when the sale comes. Stored by {@link DelayedScores}. */
    private PrequentialScore delayed = new PrequentialScore(RECENT);
    private final ErrorWindows windows = new ErrorWindows();

    public LearnerSlot(Learner learner) {
        this(learner, null, new PrequentialScore(RECENT));
    }

    /** A partition's replica of a learner, scored from here on. */
    public LearnerSlot(Replica replica) {
        this(replica.learner(), replica, new PrequentialScore(RECENT));
    }

    private LearnerSlot(Learner learner, Replica replica, PrequentialScore score) {
        this.learner = learner;
        this.replica = replica;
        this.score = score;
    }

    /** The learner that predicts and learns here (a replica's local copy). */
    public Learner learner() {
        return learner;
    }

    /** The replica, or null on a single partition. */
    public Replica replica() {
        return replica;
    }

    PrequentialScore score() {
        return score;
    }

    /** Scores a prediction made before learning from {@code label}. */
    public void score(double prediction, double label) {
        score.add(prediction, label);
        windows.add(prediction, label);
    }

    /** Scores a prediction made at a house's listing against its sale's {@code label}. */
    void scoreDelayed(double prediction, double label) {
        delayed.add(prediction, label);
    }

    PrequentialScore delayedScore() {
        return delayed;
    }

    void resumeDelayed(long count, double sumSquaredError, double sumAbsoluteError) {
        delayed = PrequentialScore.resume(RECENT, count, sumSquaredError, sumAbsoluteError);
    }

    /** The learner's status by {@link LearnerStatus#of}, on the windows this slot scored. */
    public LearnerStatus status() {
        return LearnerStatus.of(learner, windows);
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
        if (replica == null) {
            return LearnerCodec.encode(learner, out -> {
                out.writeLong(score.count());
                out.writeDouble(score.sumSquaredError());
                out.writeDouble(score.sumAbsoluteError());
            });
        }
        byte[] state = replica.encode();
        ByteBuffer bytes = ByteBuffer.allocate(state.length + TOTALS_BYTES).put(state);
        bytes.putLong(score.count()).putDouble(score.sumSquaredError()).putDouble(score.sumAbsoluteError());
        return bytes.array();
    }

    public static LearnerSlot decode(byte[] bytes) {
        if (bytes.length < TOTALS_BYTES) {
            throw new IllegalArgumentException("learner slot of " + bytes.length + " bytes is too short");
        }
        byte[] state = Arrays.copyOf(bytes, bytes.length - TOTALS_BYTES);
        ByteBuffer totals = ByteBuffer.wrap(bytes, bytes.length - TOTALS_BYTES, TOTALS_BYTES);
        PrequentialScore score = PrequentialScore.resume(RECENT, totals.getLong(), totals.getDouble(), totals.getDouble());
        if (Replica.isEncoded(state)) {
            Replica replica = Replica.decode(state);
            return new LearnerSlot(replica.learner(), replica, score);
        }
        return new LearnerSlot(LearnerCodec.decode(state), null, score);
    }
}
