package dev.descent.model;

import dev.descent.model.LearnerConfig.LossKind;
import dev.descent.model.LearnerConfig.ModelKind;
import dev.descent.model.LearnerConfig.OptimizerKind;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compact, versioned binary form of a learner: its configuration, then its state (parameters,
 * optimizer moments, scaler statistics, partial mini-batch, counters). Doubles are written as
 * raw bits, so {@code decode(encode(l))} continues bit-exactly where {@code l} left off.
 *
 * <pre>
 *   int  magic "DSNT"   short version   int features
 *   config fields (see writeConfig)     state fields (see writeState)
 * </pre>
 */
public final class LearnerCodec {
    static final int MAGIC = 0x44534E54;
    static final short VERSION = 1;
    /** Sizes beyond these are corruption, checked before anything is allocated. */
    static final int MAX_SIZE = 1 << 16;
    static final int MAX_LAYERS = 64;

    private LearnerCodec() {
    }

    /**
     * Encoding runs once per learner per record in the topology: each thread reuses one growing
     * buffer, so the only allocation is the exact-size result.
     */
    private static final ThreadLocal<StateOutput> BUFFER = ThreadLocal.withInitial(() -> new StateOutput(64 * 1024));

    /** What a caller appends after the learner's own bytes (e.g. the topology's running error sums). */
    @FunctionalInterface
    public interface Trailer {
        void write(DataOutput out) throws IOException;
    }

    public static byte[] encode(Learner learner) {
        return encode(learner, out -> { });
    }

    /** The learner's bytes followed by what {@code trailer} writes, in one array. */
    public static byte[] encode(Learner learner, Trailer trailer) {
        StateOutput out = BUFFER.get();
        out.reset();
        try {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(learner.features());
            writeConfig(out, learner.config());
            writeState(out, learner);
            trailer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a learner of a known version */
    public static Learner decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a Descent learner state (bad magic)");
            }
            short version = in.readShort();
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported learner state version " + version + ", expected " + VERSION);
            }
            int features = in.readInt();
            if (features < 1 || features > MAX_SIZE) {
                throw new IllegalArgumentException("corrupt learner state: " + features + " features");
            }
            Learner learner = new Learner(readConfig(in), features);
            readState(in, learner);
            if (in.available() != 0) {
                throw new IllegalArgumentException("learner state has " + in.available() + " trailing bytes");
            }
            return learner;
        } catch (IOException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new IllegalArgumentException("truncated or corrupt learner state: " + e, e);
        }
    }

    private static void writeConfig(DataOutput out, LearnerConfig c) throws IOException {
        out.writeUTF(c.id());
        out.writeByte(c.model().ordinal());
        out.writeInt(c.hidden().length);
        for (int h : c.hidden()) {
            out.writeInt(h);
        }
        out.writeByte(c.activation().ordinal());
        out.writeByte(c.loss().ordinal());
        StateIo.writeDouble(out, c.huberDelta());
        out.writeByte(c.optimizer().ordinal());
        Schedule s = c.schedule();
        out.writeByte(s.kind().ordinal());
        StateIo.writeDouble(out, s.rate());
        StateIo.writeDouble(out, s.power());
        out.writeLong(s.every());
        StateIo.writeDouble(out, s.factor());
        for (double v : new double[] {c.momentum(), c.beta1(), c.beta2(), c.epsilon(), c.rho(), c.forgetting(),
                c.initialVariance()}) {
            StateIo.writeDouble(out, v);
        }
        out.writeInt(c.batchSize());
        out.writeBoolean(c.scaleFeatures());
        out.writeBoolean(c.scaleTarget());
        StateIo.writeDouble(out, c.clipNorm());
        out.writeBoolean(c.normalized());
        StateIo.writeDouble(out, c.threshold());
        StateIo.writeDouble(out, c.tolerance());
        out.writeLong(c.seed());
    }

    private static LearnerConfig readConfig(DataInput in) throws IOException {
        LearnerConfig.Builder b = LearnerConfig.builder(in.readUTF());
        b.model(ModelKind.values()[in.readByte()]);
        int layers = in.readInt();
        if (layers < 0 || layers > MAX_LAYERS) {
            throw new IOException(layers + " hidden layers");
        }
        int[] hidden = new int[layers];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = in.readInt();
            if (hidden[i] < 1 || hidden[i] > MAX_SIZE) {
                throw new IOException("hidden layer of " + hidden[i] + " units");
            }
        }
        b.hidden(hidden);
        b.activation(Activation.values()[in.readByte()]);
        b.loss(LossKind.values()[in.readByte()]);
        b.huberDelta(StateIo.readDouble(in));
        b.optimizer(OptimizerKind.values()[in.readByte()]);
        b.schedule(new Schedule(Schedule.Kind.values()[in.readByte()], StateIo.readDouble(in), StateIo.readDouble(in),
                in.readLong(), StateIo.readDouble(in)));
        b.momentum(StateIo.readDouble(in));
        b.beta1(StateIo.readDouble(in));
        b.beta2(StateIo.readDouble(in));
        b.epsilon(StateIo.readDouble(in));
        b.rho(StateIo.readDouble(in));
        b.forgetting(StateIo.readDouble(in));
        b.initialVariance(StateIo.readDouble(in));
        b.batchSize(in.readInt());
        b.scaleFeatures(in.readBoolean());
        b.scaleTarget(in.readBoolean());
        b.clipNorm(StateIo.readDouble(in));
        b.normalized(in.readBoolean());
        b.threshold(StateIo.readDouble(in));
        b.tolerance(StateIo.readDouble(in));
        b.seed(in.readLong());
        return b.build();
    }

    private static void writeState(DataOutput out, Learner l) throws IOException {
        StateIo.writeDoubles(out, l.model().parameters());
        l.optimizer().writeState(out);
        l.featureScaler().writeState(out);
        l.targetScaler().writeState(out);
        out.writeBoolean(l.bound() != null);
        if (l.bound() != null) {
            l.bound().writeState(out);
        }
        StateIo.writeDoubles(out, l.gradientSum());
        StateIo.writeDoubles(out, l.smoothedGradient());
        StateIo.writeDoubles(out, l.bestParameters());
        out.writeInt(l.batchFill);
        out.writeLong(l.records);
        out.writeLong(l.steps);
        out.writeLong(l.skippedUpdates);
        out.writeLong(l.rejectedRecords);
        for (double v : new double[] {l.lossSum, l.smoothedLoss, l.lossWeight, l.bestSmoothedLoss, l.gradientWeight,
                l.lastLoss, l.lastPrediction, l.gradientSquaredNorm, l.stepRatio()}) {
            StateIo.writeDouble(out, v);
        }
        out.writeBoolean(l.diverged);
        out.writeByte(l.divergence.ordinal());
        out.writeLong(l.divergedAtRecord);
    }

    private static void readState(DataInput in, Learner l) throws IOException {
        StateIo.readDoubles(in, l.model().parameters());
        l.optimizer().readState(in);
        l.featureScaler().readState(in);
        l.targetScaler().readState(in);
        if (in.readBoolean() != (l.bound() != null)) {
            throw new IOException("stability-bound section does not match the configuration");
        }
        if (l.bound() != null) {
            l.bound().readState(in);
        }
        StateIo.readDoubles(in, l.gradientSum());
        StateIo.readDoubles(in, l.smoothedGradient());
        StateIo.readDoubles(in, l.bestParameters());
        l.batchFill = in.readInt();
        l.records = in.readLong();
        l.steps = in.readLong();
        l.skippedUpdates = in.readLong();
        l.rejectedRecords = in.readLong();
        l.lossSum = StateIo.readDouble(in);
        l.smoothedLoss = StateIo.readDouble(in);
        l.lossWeight = StateIo.readDouble(in);
        l.bestSmoothedLoss = StateIo.readDouble(in);
        l.gradientWeight = StateIo.readDouble(in);
        l.lastLoss = StateIo.readDouble(in);
        l.lastPrediction = StateIo.readDouble(in);
        l.gradientSquaredNorm = StateIo.readDouble(in);
        l.restoreStepRatio(StateIo.readDouble(in));
        l.diverged = in.readBoolean();
        l.divergence = Learner.Divergence.values()[in.readByte()];
        l.divergedAtRecord = in.readLong();
    }
}
