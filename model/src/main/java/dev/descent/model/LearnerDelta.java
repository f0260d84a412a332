package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one replica of a learner learned since the copy it started from (its base), in a form
 * that adds to any other copy: the global learner, or a newer version of it. Each component
 * gives its own part (the optimizer with the parameters, the scalers); the counters are
 * differences; the replica's latest figures (loss, gradient norm) come along as they are. A
 * replica that diverged says so, and its state is not merged. The rule and its reasons:
 * docs/partitions.md, "Merge rule".
 */
public final class LearnerDelta {
    private static final int MAGIC = 0x44534E44;    // "DSND"
    private static final short VERSION = 1;

    final long records;
    final long steps;
    final long rejectedRecords;
    final double lossSum;
    final double lastLoss;
    final double lastPrediction;
    final double gradientSquaredNorm;
    final Learner.Divergence divergence;
    final long divergedAtRecord;
    final double[] optimizer;
    final double[] features;
    final double[] target;
    /**
     * The labeled records the learner had seen when the replica started this delta (its base:
     * a global version plus the replica's own deltas not merged into it yet).
     */
    final long baseRecords;
    /**
     * The replica's {@code η·λmax}, how far one record's step goes in the stiffest direction
     * ({@code Learner.stiffness()}); NaN where there is no bound (not a linear model under squared loss).
     */
    final double stiffness;

    private LearnerDelta(long records, long steps, long rejectedRecords, double lossSum, double lastLoss,
                         double lastPrediction, double gradientSquaredNorm, Learner.Divergence divergence,
                         long divergedAtRecord, double[] optimizer, double[] features, double[] target,
                         long baseRecords, double stiffness) {
        this.records = records;
        this.steps = steps;
        this.rejectedRecords = rejectedRecords;
        this.lossSum = lossSum;
        this.lastLoss = lastLoss;
        this.lastPrediction = lastPrediction;
        this.gradientSquaredNorm = gradientSquaredNorm;
        this.divergence = divergence;
        this.divergedAtRecord = divergedAtRecord;
        this.optimizer = optimizer;
        this.features = features;
        this.target = target;
        this.baseRecords = baseRecords;
        this.stiffness = stiffness;
    }

    /** What {@code replica} learned since it was a copy of {@code base}. */
    public static LearnerDelta between(Learner base, Learner replica) {
        if (base.features() != replica.features() || !base.config().equals(replica.config())) {
            throw new IllegalArgumentException("a delta needs two copies of the same learner, got "
                    + base.config().id() + " and " + replica.config().id());
        }
        long steps = replica.steps() - base.steps();
        return new LearnerDelta(replica.records() - base.records(), steps,
                replica.rejectedRecords() - base.rejectedRecords(), replica.lossSum() - base.lossSum(),
                replica.lastLoss(), replica.lastPrediction(), replica.gradientSquaredNorm(),
                replica.divergence(), replica.divergedAtRecord(),
                replica.optimizer().since(base.optimizer(), replica.model().parameters(), base.model().parameters(), steps),
                replica.featureScaler().since(base.featureScaler()),
                replica.targetScaler().since(base.targetScaler()),
                base.records(), replica.stiffness());
    }

    /** Labeled records learned. */
    public long records() {
        return records;
    }

    /** Updates taken. */
    public long steps() {
        return steps;
    }

    /** Whether the replica had diverged (then only its counters are merged, and the learner stops learning). */
    public boolean diverged() {
        return divergence != Learner.Divergence.NONE;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * (optimizer.length + features.length + target.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(records);
            out.writeLong(steps);
            out.writeLong(rejectedRecords);
            out.writeDouble(lossSum);
            out.writeDouble(lastLoss);
            out.writeDouble(lastPrediction);
            out.writeDouble(gradientSquaredNorm);
            out.writeUTF(divergence.name());
            out.writeLong(divergedAtRecord);
            out.writeLong(baseRecords);
            out.writeDouble(stiffness);
            for (double[] part : new double[][] {optimizer, features, target}) {
                out.writeInt(part.length);
                StateIo.writeDoubles(out, part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a delta of a known version */
    public static LearnerDelta decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readShort() != VERSION) {
                throw new IllegalArgumentException("not a Descent learner delta of version " + VERSION);
            }
            long records = in.readLong();
            long steps = in.readLong();
            long rejected = in.readLong();
            double lossSum = in.readDouble();
            double lastLoss = in.readDouble();
            double lastPrediction = in.readDouble();
            double gradientSquaredNorm = in.readDouble();
            Learner.Divergence divergence = Learner.Divergence.valueOf(in.readUTF());
            long divergedAt = in.readLong();
            long baseRecords = in.readLong();
            double stiffness = in.readDouble();
            double[][] parts = new double[3][];
            for (int k = 0; k < 3; k++) {
                int n = in.readInt();
                if (n < 0 || n > LearnerCodec.MAX_SIZE * 4) {
                    throw new IllegalArgumentException("corrupt learner delta: " + n + " values");
                }
                parts[k] = new double[n];
                StateIo.readDoubles(in, parts[k]);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("learner delta has " + in.available() + " trailing bytes");
            }
            return new LearnerDelta(records, steps, rejected, lossSum, lastLoss, lastPrediction, gradientSquaredNorm,
                    divergence, divergedAt, parts[0], parts[1], parts[2], baseRecords, stiffness);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt learner delta: " + e, e);
        }
    }
}
