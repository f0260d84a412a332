package dev.descent.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Every learner's delayed prequential score of a task as stored beside its learners (see
 * {@link Listings}): the number of learners, then per learner its id and the score's totals. By
 * id, so that a learner added or removed since leaves the others' scores intact.
 */
final class DelayedScores {
    private DelayedScores() {
    }

    static byte[] encode(List<LearnerSlot> slots) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(slots.size());
            for (LearnerSlot slot : slots) {
                out.writeUTF(slot.learner().config().id());
                out.writeLong(slot.delayedScore().count());
                out.writeDouble(slot.delayedScore().sumSquaredError());
                out.writeDouble(slot.delayedScore().sumAbsoluteError());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives each slot its stored score, if it has one. */
    static void restore(byte[] stored, List<LearnerSlot> slots) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored));
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String id = in.readUTF();
                long count = in.readLong();
                double squared = in.readDouble();
                double absolute = in.readDouble();
                for (LearnerSlot slot : slots) {
                    if (slot.learner().config().id().equals(id)) {
                        slot.resumeDelayed(count, squared, absolute);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
