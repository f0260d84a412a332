package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compact, versioned binary form of a learner: its configuration, then its state. Doubles are
 * written as raw bits, so {@code decode(encode(l))} continues bit-exactly where {@code l} left off.
 *
 * <pre>
 *   int  magic "DSNT"   short version   int features
 *   configuration       LearnerConfig's components (see RecordIo): each component kind by name
 *   components          parameters, optimizer state, feature and target scalers (each its own)
 *   health arrays       stability bound, smoothed gradient, best parameters (LearnerHealth)
 *   batch               the partial mini-batch's gradient sum
 *   Learner.Progress, LearnerHealth.Figures     (RecordIo)
 * </pre>
 *
 * Version 1, which wrote the configuration by enum ordinals and the scalars interleaved, is
 * still read ({@link LearnerCodecV1}).
 */
public final class LearnerCodec {
    static final int MAGIC = 0x44534E54;
    static final short VERSION = 2;
    /** Sizes beyond these are corruption, checked before anything is allocated. */
    static final int MAX_SIZE = 1 << 16;

    private LearnerCodec() {
    }

    /**
     * Each thread reuses one growing buffer, so the only allocation is the exact-size result.
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
            RecordIo.write(out, learner.config());
            learner.writeComponents(out);
            learner.health().writeArrays(out);
            StateIo.writeDoubles(out, learner.gradientSum());
            RecordIo.write(out, learner.progress());
            RecordIo.write(out, learner.health().figures());
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
            if (version != VERSION && version != LearnerCodecV1.VERSION) {
                throw new IllegalArgumentException("unsupported learner state version " + version + ", expected "
                        + LearnerCodecV1.VERSION + " or " + VERSION);
            }
            int features = in.readInt();
            if (features < 1 || features > MAX_SIZE) {
                throw new IllegalArgumentException("corrupt learner state: " + features + " features");
            }
            Learner learner = version == VERSION ? read(in, features) : LearnerCodecV1.read(in, features);
            if (in.available() != 0) {
                throw new IllegalArgumentException("learner state has " + in.available() + " trailing bytes");
            }
            return learner;
        } catch (IOException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new IllegalArgumentException("truncated or corrupt learner state: " + e, e);
        }
    }

    private static Learner read(DataInput in, int features) throws IOException {
        Learner learner = new Learner(RecordIo.read(in, LearnerConfig.class), features);
        learner.readComponents(in);
        learner.health().readArrays(in);
        StateIo.readDoubles(in, learner.gradientSum());
        learner.restore(RecordIo.read(in, Learner.Progress.class));
        learner.health().restore(RecordIo.read(in, LearnerHealth.Figures.class));
        return learner;
    }
}
