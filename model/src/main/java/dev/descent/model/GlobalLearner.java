package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one global copy of a learner that replicas on several partitions learn for: it merges
 * their deltas, one version per merge, and remembers per replica the sequence number of the last
 * delta merged, so a delta that comes twice is merged once.
 *
 * <p>A delta is added whole (as one learner would have taken those steps) unless it is stale:
 * learned on a state that has since taken {@code s} records from other replicas. Stale steps
 * in the same direction add up and overshoot, and do so sooner the stiffer the problem, so the
 * parameter change is scaled by {@code w = min(1, 1/(η·λmax·s))} ({@code η·λmax}: the replica's
 * step times the largest curvature, {@link LearnerDelta}); without a curvature bound (an MLP) by
 * the delta's share of the records, {@code w = n/(n + s)}, which is asynchronous model averaging.
 * Counters and scaler statistics are always added whole. docs/partitions.md has the reasons.
 */
public final class GlobalLearner {
    private static final int MAGIC = 0x44534E47;    // "DSNG"
    private static final short VERSION = 1;

    /** What became of a delta. */
    public enum Outcome { MERGED, DUPLICATE }

    private final Learner learner;
    private final Map<Integer, Long> merged;
    private long version;

    private GlobalLearner(Learner learner, long version, Map<Integer, Long> merged) {
        this.learner = learner;
        this.version = version;
        this.merged = merged;
    }

    /** Version 0: the learner as configured, before any record. */
    public static GlobalLearner initial(LearnerConfig config, int features) {
        return new GlobalLearner(new Learner(config, features), 0, new TreeMap<>());
    }

    /** Merges replica {@code replica}'s delta number {@code sequence} (1, 2, …), unless it was merged already. */
    public Outcome merge(int replica, long sequence, LearnerDelta delta) {
        if (sequence <= lastMerged(replica)) {
            return Outcome.DUPLICATE;
        }
        learner.merge(delta, weight(delta));
        merged.put(replica, sequence);
        version++;
        return Outcome.MERGED;
    }

    /** How much of a delta's parameter change to add (see the class comment). */
    double weight(LearnerDelta delta) {
        long stale = learner.records() - delta.baseRecords;
        if (stale <= 0) {
            return 1;
        }
        if (Double.isFinite(delta.stiffness) && delta.stiffness > 0) {
            return Math.min(1, 1 / (delta.stiffness * stale));
        }
        return delta.records == 0 ? 1 : (double) delta.records / (delta.records + stale);
    }

    /** The sequence number of {@code replica}'s last merged delta; 0 before its first. */
    public long lastMerged(int replica) {
        return merged.getOrDefault(replica, 0L);
    }

    /** Merges so far. */
    public long version() {
        return version;
    }

    /** The replicas that have sent a delta. */
    public int replicas() {
        return merged.size();
    }

    /** The global learner itself; a reader must not learn with it (take a {@link Learner#copy()}). */
    public Learner learner() {
        return learner;
    }

    public byte[] encode() {
        byte[] state = LearnerCodec.encode(learner);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + 32 + 12 * merged.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(version);
            out.writeInt(merged.size());
            for (Map.Entry<Integer, Long> e : merged.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether {@code bytes} start as an encoded global learner (and not, say, a plain learner snapshot). */
    public static boolean isEncoded(byte[] bytes) {
        return bytes != null && bytes.length >= 14 && readInt(bytes, 0) == MAGIC;
    }

    /** The version number of encoded bytes, without decoding the learner. */
    public static long versionOf(byte[] bytes) {
        if (!isEncoded(bytes)) {
            throw new IllegalArgumentException("not a Descent global learner");
        }
        long v = 0;
        for (int i = 6; i < 14; i++) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }

    /** @throws IllegalArgumentException when the bytes are not a global learner of a known version */
    public static GlobalLearner decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readShort() != VERSION) {
                throw new IllegalArgumentException("not a Descent global learner of version " + VERSION);
            }
            long version = in.readLong();
            int replicas = in.readInt();
            if (replicas < 0 || replicas > LearnerCodec.MAX_SIZE) {
                throw new IllegalArgumentException("corrupt global learner: " + replicas + " replicas");
            }
            Map<Integer, Long> merged = new TreeMap<>();
            for (int i = 0; i < replicas; i++) {
                merged.put(in.readInt(), in.readLong());
            }
            return new GlobalLearner(LearnerCodec.decode(in.readAllBytes()), version, merged);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt global learner: " + e, e);
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
