package dev.descent.topology;

import dev.descent.model.GlobalLearner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Replica;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A partition task's side of learning one global model per learner: it starts the task's
 * replicas from the newest global versions, sends each replica's delta to the merger every
 * {@link Replication#syncEvery()} labeled records (or once {@link Replication#syncInterval()}
 * passed with anything unsent), and rebases the replicas onto newer versions as the global
 * store receives them.
 */
final class ReplicaSync {
    private final Replication replication;
    private final ProcessorContext<byte[], byte[]> context;
    private final KeyValueStore<String, byte[]> versions;
    private final String deltasNode;
    private final int partition;
    private final long[] lastSync;

    ReplicaSync(Replication replication, ProcessorContext<byte[], byte[]> context, KeyValueStore<String, byte[]> versions,
                String deltasNode, int learners) {
        this.replication = replication;
        this.context = context;
        this.versions = versions;
        this.deltasNode = deltasNode;
        this.partition = context.taskId().partition();
        this.lastSync = new long[learners];
        Arrays.fill(lastSync, System.currentTimeMillis());
    }

    /** This partition's replica of {@code learner}, from the newest global version there is. */
    Replica start(LearnerConfig learner, int features) {
        byte[] newest = versions.get(learner.id());
        return Replica.of(partition, newest == null ? GlobalLearner.initial(learner, features) : GlobalLearner.decode(newest));
    }

    /**
     * After slot {@code i} learned a labeled record: syncs when it has {@code syncEvery} unsent,
     * unless the merger is {@link Replica#MAX_IN_FLIGHT} deltas behind.
     */
    void learned(int i, LearnerSlot slot, byte[] id, long timestamp) {
        if (slot.replica().unsynced() >= replication.syncEvery() && !slot.replica().backlogged()) {
            sync(i, slot, id, timestamp);
        }
    }

    /**
     * On the wall clock: rebases what it can, and syncs replicas that kept learning unsent for the
     * interval. Sets {@code changed[i]} for every replica it changed: its state must reach the store
     * in the same transaction as the delta it sent, or a restored replica would send the same
     * sequence number again with more records in it, and the merger would pass those over.
     */
    void punctuate(List<LearnerSlot> slots, byte[][] ids, long now, boolean[] changed) {
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            if (slot.replica().unsynced() > 0 && !slot.replica().backlogged()
                    && now - lastSync[i] >= replication.syncInterval().toMillis()) {
                sync(i, slot, ids[i], now);
                changed[i] = true;
            } else if (rebase(slot)) {
                changed[i] = true;
            }
        }
    }

    /** Milliseconds since slot {@code i} last sent a delta (or since the task started). */
    long sinceSync(int i, long now) {
        return now - lastSync[i];
    }

    private void sync(int i, LearnerSlot slot, byte[] id, long timestamp) {
        DeltaMessage message = DeltaMessage.of(partition, slot.replica().sync());
        context.forward(new Record<>(id, message.encode(), timestamp), deltasNode);
        lastSync[i] = System.currentTimeMillis();
        rebase(slot);
    }

    /** Onto the newest global version, if it is newer than the replica's; true when it moved. */
    private boolean rebase(LearnerSlot slot) {
        Replica replica = slot.replica();
        byte[] newest = versions.get(replica.learner().config().id());
        return newest != null && GlobalLearner.versionOf(newest) > replica.baseVersion()
                && replica.rebase(GlobalLearner.decode(newest));
    }
}
