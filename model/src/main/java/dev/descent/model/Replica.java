package dev.descent.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition's copy of a learner when several partitions learn one global model: it learns
 * from its own records, hands over what it learned since its last sync as a {@link LearnerDelta}
 * numbered 1, 2, …, and keeps each delta until a global version has merged it. It moves onto a
 * newer global version by adding to it the deltas that version has not merged yet and what it
 * has not sent — so nothing it learned is lost or counted twice: local = global + its own
 * learning that the global has not seen.
 */
public final class Replica {
    private static final int MAGIC = 0x44534E52;    // "DSNR"
    private static final short VERSION = 1;
    /**
     * Deltas sent and not yet merged, at most: beyond, a replica keeps learning but sends nothing
     * until the merger catches up (its staleness grows), instead of holding deltas without bound.
     */
    public static final int MAX_IN_FLIGHT = 64;

    /** A delta to send: the replica's {@code sequence}-th, learned on top of global version {@code baseVersion}. */
    public record Sync(long sequence, long baseVersion, LearnerDelta delta) {
    }

    private record Sent(long sequence, LearnerDelta delta) {
    }

    private final int id;
    private final Learner local;
    private final List<Sent> inFlight;
    private Learner base;
    private long baseVersion;
    private long sent;
    private long globalRecords;

    private Replica(int id, Learner local, Learner base, long baseVersion, long sent, long globalRecords,
                    List<Sent> inFlight) {
        this.id = id;
        this.local = local;
        this.inFlight = inFlight;
        this.base = base;
        this.baseVersion = baseVersion;
        this.sent = sent;
        this.globalRecords = globalRecords;
    }

    /** Replica {@code id} starting from {@code global}'s current version. */
    public static Replica of(int id, GlobalLearner global) {
        Learner start = global.learner();
        return new Replica(id, start.copy(), start.copy(), global.version(), 0, start.records(), new ArrayList<>());
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

    /** Deltas sent that no global version seen here has merged yet. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Whether {@link #MAX_IN_FLIGHT} deltas wait to be merged: then it should not send more. */
    public boolean backlogged() {
        return inFlight.size() >= MAX_IN_FLIGHT;
    }

    /** The next delta: what was learned since the last sync, which then counts as sent. */
    public Sync sync() {
        LearnerDelta delta = LearnerDelta.between(base, local);
        base = local.copy();
        sent++;
        inFlight.add(new Sent(sent, delta));
        return new Sync(sent, baseVersion, delta);
    }

    /**
     * Moves onto {@code global} if it is newer than this replica's base: the global learner plus
     * the deltas it has not merged yet (in order) plus what was learned since the last sync. True
     * when it moved.
     */
    public boolean rebase(GlobalLearner global) {
        if (global.version() <= baseVersion) {
            return false;
        }
        long merged = global.lastMerged(id);
        inFlight.removeIf(s -> s.sequence() <= merged);
        Learner newBase = global.learner().copy();
        for (Sent s : inFlight) {
            newBase.merge(s.delta());
        }
        local.rebase(base, newBase);
        base = newBase;
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
            out.writeInt(inFlight.size());
            for (Sent s : inFlight) {
                byte[] delta = s.delta().encode();
                out.writeLong(s.sequence());
                out.writeInt(delta.length);
                out.write(delta);
            }
            out.writeInt(localBytes.length);
            out.write(localBytes);
            out.write(baseBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether {@code bytes} start as an encoded replica (and not, say, a learner). */
    public static boolean isEncoded(byte[] bytes) {
        return bytes.length >= 4 && ((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8
                | (bytes[3] & 0xFF)) == MAGIC;
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
            int sentCount = in.readInt();
            if (sentCount < 0 || sentCount > MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("corrupt replica: " + sentCount + " deltas in flight");
            }
            List<Sent> inFlight = new ArrayList<>();
            for (int i = 0; i < sentCount; i++) {
                long sequence = in.readLong();
                inFlight.add(new Sent(sequence, LearnerDelta.decode(in.readNBytes(in.readInt()))));
            }
            int localLength = in.readInt();
            if (localLength < 0 || localLength > in.available()) {
                throw new IllegalArgumentException("corrupt replica: local learner of " + localLength + " bytes");
            }
            byte[] local = in.readNBytes(localLength);
            byte[] base = in.readAllBytes();
            return new Replica(id, LearnerCodec.decode(local), LearnerCodec.decode(base), baseVersion, sent, globalRecords,
                    inFlight);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt replica: " + e, e);
        }
    }
}
