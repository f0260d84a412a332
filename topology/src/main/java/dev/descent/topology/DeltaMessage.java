package dev.descent.topology;

import dev.descent.model.LearnerDelta;
import dev.descent.model.Replica;
import java.nio.ByteBuffer;

/**
 * A replica's delta on the deltas topic (keyed by learner id): the replica (its input partition),
 * the delta's sequence number, the global version it was learned on, then the delta's own bytes.
 */
record DeltaMessage(int replica, long sequence, long baseVersion, LearnerDelta delta) {
    private static final int HEADER_BYTES = 20;

    static DeltaMessage of(int replica, Replica.Sync sync) {
        return new DeltaMessage(replica, sync.sequence(), sync.baseVersion(), sync.delta());
    }

    byte[] encode() {
        byte[] delta = this.delta.encode();
        return ByteBuffer.allocate(HEADER_BYTES + delta.length).putInt(replica).putLong(sequence).putLong(baseVersion)
                .put(delta).array();
    }

    /** @throws IllegalArgumentException for bytes that are not a delta message */
    static DeltaMessage decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("delta message too short");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int replica = in.getInt();
        long sequence = in.getLong();
        long baseVersion = in.getLong();
        byte[] delta = new byte[in.remaining()];
        in.get(delta);
        return new DeltaMessage(replica, sequence, baseVersion, LearnerDelta.decode(delta));
    }
}
