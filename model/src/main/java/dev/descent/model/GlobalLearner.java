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
 * delta merged, so a delta that comes twice is merged once. A delta based on an older version
 * than the newest (the others merged meanwhile) is merged all the same, as an asynchronous
 * parameter server does; how many versions it missed is its staleness.
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
        learner.merge(delta);
        merged.put(replica, sequence);
        version++;
        return Outcome.MERGED;
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

    /** The version number of encoded bytes, without decoding the learner. */
    public static long versionOf(byte[] bytes) {
        if (bytes.length < 14 || readInt(bytes, 0) != MAGIC) {
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
