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
 *   drift watch         Learner.DriftState (RecordIo), the detector's own state when it has one,
 *                       then a flag and, when a challenger learns beside it, the pair's Champion
 *                       and the challenger, written as a learner (without magic and version)
 * </pre>
 *
 * Version 2 is version 3 without the drift watch and without {@link LearnerConfig#drift()}: read
 * with drift off. Version 1, which wrote the configuration by enum ordinals and the scalars
 * interleaved, is still read ({@link LearnerCodecV1}).
 */
public final class LearnerCodec {
    static final int MAGIC = 0x44534E54;
    static final short VERSION = 3;
    static final short VERSION_2 = 2;
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
            write(out, learner);
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
            Learner learner = switch (version) {
                case VERSION -> read(in, true);
                case VERSION_2 -> read(in, false);
                case LearnerCodecV1.VERSION -> LearnerCodecV1.read(in, features(in));
                default -> throw new IllegalArgumentException("unsupported learner state version " + version
                        + ", expected " + LearnerCodecV1.VERSION + ", " + VERSION_2 + " or " + VERSION);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("learner state has " + in.available() + " trailing bytes");
            }
            return learner;
        } catch (IOException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new IllegalArgumentException("truncated or corrupt learner state: " + e, e);
        }
    }

    private static int features(DataInput in) throws IOException {
        int features = in.readInt();
        if (features < 1 || features > MAX_SIZE) {
            throw new IllegalArgumentException("corrupt learner state: " + features + " features");
        }
        return features;
    }

    private static void write(DataOutput out, Learner learner) throws IOException {
        out.writeInt(learner.features());
        RecordIo.write(out, learner.config());
        learner.writeComponents(out);
        learner.health().writeArrays(out);
        StateIo.writeDoubles(out, learner.gradientSum());
        RecordIo.write(out, learner.progress());
        RecordIo.write(out, learner.health().figures());
        RecordIo.write(out, learner.driftState());
        if (learner.detector() != null) {
            learner.detector().writeState(out);
        }
        out.writeBoolean(learner.challenger() != null);
        if (learner.challenger() != null) {
            learner.challenge().writeState(out);
            write(out, learner.challenger());
        }
    }

    /** @param withDrift version 3: the configuration has its drift setting and the drift watch follows the state */
    private static Learner read(DataInput in, boolean withDrift) throws IOException {
        int features = features(in);
        LearnerConfig config = withDrift ? RecordIo.read(in, LearnerConfig.class)
                : RecordIo.read(in, ConfigV2.class).withDrift(DriftSpec.OFF);
        Learner learner = new Learner(config, features);
        learner.readComponents(in);
        learner.health().readArrays(in);
        StateIo.readDoubles(in, learner.gradientSum());
        learner.restore(RecordIo.read(in, Learner.Progress.class));
        learner.health().restore(RecordIo.read(in, LearnerHealth.Figures.class));
        if (withDrift) {
            learner.restore(RecordIo.read(in, Learner.DriftState.class));
            if (learner.detector() != null) {
                learner.detector().readState(in);
            }
            if (in.readBoolean()) {
                Champion pair = Learner.challengeRule();
                pair.readState(in);
                Learner challenger = read(in, true);
                if (challenger.challenger() != null || challenger.features() != features) {
                    throw new IOException("a challenger must be a plain learner of the same features");
                }
                learner.restoreChallenge(challenger, pair);
            }
        }
        return learner;
    }

    /** {@link LearnerConfig} as version 2 wrote it, before learners watched for drift. */
    record ConfigV2(String id, ModelSpec model, Loss loss, OptimizerSpec optimizer, Schedule schedule, int batchSize,
                    boolean scaleFeatures, boolean scaleTarget, double clipNorm, boolean normalized, double threshold,
                    double tolerance, double[] initialParameters) {

        LearnerConfig withDrift(DriftSpec drift) {
            return new LearnerConfig(id, model, loss, optimizer, schedule, batchSize, scaleFeatures, scaleTarget,
                    clipNorm, normalized, threshold, tolerance, initialParameters, drift);
        }
    }
}
