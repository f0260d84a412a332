package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One partition's copy of a learner when several partitions learn one global model: it learns
 * from its own records, hands over what it learned since its last sync as a {@link LearnerDelta}
 * numbered 1, 2, …, and moves onto a newer global version once that version has merged every
 * delta it sent — so nothing it learned is lost or counted twice: local = global + what it has
 * not sent yet.
 */
public final class Replica {
    private static final int MAGIC = 0x44534E52;    // "DSNR"
    private static final short VERSION = 1;

    /** A delta to send: the replica's {@code sequence}-th, learned on top of global version {@code baseVersion}. */
    public record Sync(long sequence, long baseVersion, LearnerDelta delta) {
    }

    private final int id;
    private final Learner local;
    private Learner base;
    private long baseVersion;
    private long sent;
    private long globalRecords;

    private Replica(int id, Learner local, Learner base, long baseVersion, long sent, long globalRecords) {
        this.id = id;
        this.local = local;
        this.base = base;
        this.baseVersion = baseVersion;
        this.sent = sent;
        this.globalRecords = globalRecords;
    }

    /** Replica {@code id} starting from {@code global}'s current version. */
    public static Replica of(int id, GlobalLearner global) {
        Learner start = global.learner();
        return new Replica(id, start.copy(), start.copy(), global.version(), 0, start.records());
    }

    public int id() {
        return id;
    }

    /** The local learner, to predict and learn with. */
    public Learner learner() {
        return local;
    }

    /** Labeled records learned since the last sync. */
    public long unsynced() {
        return local.records() - base.records();
    }

    /** Labeled records learned here since the global version this replica is based on: how far it may stray. */
    public long staleness() {
        return local.records() - globalRecords;
    }

    /** The global version this replica is based on. */
    public long baseVersion() {
        return baseVersion;
    }

    /** Deltas sent so far. */
    public long sent() {
        return sent;
    }

    /** The next delta: what was learned since the last sync, which then counts as sent. */
    public Sync sync() {
        LearnerDelta delta = LearnerDelta.between(base, local);
        base = local.copy();
        sent++;
        return new Sync(sent, baseVersion, delta);
    }

    /**
     * Moves onto {@code global} when it is newer than this replica's base and has merged every
     * delta this replica sent; otherwise (an older version, or one still missing a delta) waits
     * for the next. True when it moved.
     */
    public boolean rebase(GlobalLearner global) {
        if (global.version() <= baseVersion || global.lastMerged(id) < sent) {
            return false;
        }
        local.rebase(base, global.learner());
        base = global.learner().copy();
        baseVersion = global.version();
        globalRecords = global.learner().records();
        return true;
    }

    public byte[] encode() {
        byte[] localBytes = LearnerCodec.encode(local);
        byte[] baseBytes = LearnerCodec.encode(base);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(localBytes.length + baseBytes.length + 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(id);
            out.writeLong(baseVersion);
            out.writeLong(sent);
            out.writeLong(globalRecords);
            out.writeInt(localBytes.length);
            out.write(localBytes);
            out.write(baseBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a replica of a known version */
    public static Replica decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readShort() != VERSION) {
                throw new IllegalArgumentException("not a Descent replica of version " + VERSION);
            }
            int id = in.readInt();
            long baseVersion = in.readLong();
            long sent = in.readLong();
            long globalRecords = in.readLong();
            int localLength = in.readInt();
            if (localLength < 0 || localLength > in.available()) {
                throw new IllegalArgumentException("corrupt replica: local learner of " + localLength + " bytes");
            }
            byte[] local = in.readNBytes(localLength);
            byte[] base = in.readAllBytes();
            return new Replica(id, LearnerCodec.decode(local), LearnerCodec.decode(base), baseVersion, sent, globalRecords);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt replica: " + e, e);
        }
    }
}
