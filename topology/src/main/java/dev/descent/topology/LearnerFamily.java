package dev.descent.topology;

import dev.descent.model.Champion;
import dev.descent.model.Learner;
import dev.descent.model.LearnerCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One copy of every configured learner, as the learn task keeps it: the task's global learners, or
 * with {@link ModelKeys} one model key's. Beside the learners: what their last record made of them
 * (predictions, losses, squared errors of the price served), whether each changed since the last
 * commit, their health and drift counts as last reported, and the {@link Champion} among them.
 *
 * <p>A key's family is stored as one entry (see {@link #encode()}), so that its learners and
 * champion are always read back together.
 */
final class LearnerFamily {
    private static final byte VERSION = 1;

    /** The model key; null for the global learners. */
    final String modelKey;
    final List<LearnerSlot> slots;
    /** Each learner's record key on the loss, models and drift topics: its id, after a key's {@code key/}. */
    final byte[][] ids;
    final long[] predicted;
    final boolean[] changed;
    final double[] predictions;
    final double[] losses;
    final double[] squaredErrors;
    final boolean[] healthy;
    final long[] drifts;
    final long[] promotions;
    Champion champion;
    boolean championChanged;
    /** Event time of the key's last record, for {@link ModelKeys#keyTtl()}. */
    long lastSeen = Long.MIN_VALUE;

    LearnerFamily(String modelKey, List<LearnerSlot> slots, DescentConfig.ChampionRule rule) {
        this.modelKey = modelKey;
        this.slots = List.copyOf(slots);
        int n = slots.size();
        ids = new byte[n][];
        for (int i = 0; i < n; i++) {
            String id = slots.get(i).learner().config().id();
            ids[i] = (modelKey == null ? id : modelKey + "/" + id).getBytes(StandardCharsets.UTF_8);
        }
        predicted = new long[n];
        changed = new boolean[n];
        predictions = new double[n];
        losses = new double[n];
        squaredErrors = new double[n];
        healthy = new boolean[n];
        drifts = new long[n];
        promotions = new long[n];
        for (int i = 0; i < n; i++) {
            Learner learner = slots.get(i).learner();
            healthy[i] = learner.divergedAtRecord() < 0;
            drifts[i] = learner.drifts();
            promotions[i] = learner.promotions();
        }
        champion = new Champion(n, rule.window(), rule.margin());
        champion.healthChanged(healthy);
    }

    /** A new family for {@code key}: copies of these learners as they are now (their parameters, scaler and step counts), scored afresh. */
    LearnerFamily copyFor(String key, DescentConfig.ChampionRule rule) {
        List<LearnerSlot> copies = new ArrayList<>(slots.size());
        for (LearnerSlot slot : slots) {
            copies.add(new LearnerSlot(LearnerCodec.decode(LearnerCodec.encode(slot.learner()))));
        }
        return new LearnerFamily(key, copies, rule);
    }

    /** Labeled records these learners were scored on (the same for every learner of the family). */
    long labeled() {
        return slots.get(0).scored();
    }

    /** Whether any learner learned since the last commit. */
    boolean changedSinceCommit() {
        for (boolean c : changed) {
            if (c) {
                return true;
            }
        }
        return championChanged;
    }

    void committed() {
        Arrays.fill(changed, false);
        championChanged = false;
    }

    byte[] writeChampion() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            champion.writeState(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A champion of other learners (the configuration changed) starts afresh. */
    void readChampion(byte[] stored, DescentConfig.ChampionRule rule) {
        try {
            champion.readState(new DataInputStream(new ByteArrayInputStream(stored)));
        } catch (IOException e) {
            champion = new Champion(slots.size(), rule.window(), rule.margin());
        }
        champion.healthChanged(healthy);
    }

    /** A key's family as one store entry: a version, the last record's time, each learner slot, the champion. */
    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(lastSeen);
            out.writeInt(slots.size());
            for (LearnerSlot slot : slots) {
                byte[] encoded = slot.encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
            byte[] champion = writeChampion();
            out.writeInt(champion.length);
            out.write(champion);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The family of {@code key} as {@link #encode()} stored it. */
    static LearnerFamily decode(String key, byte[] stored, DescentConfig.ChampionRule rule) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("learners of key '" + key + "' stored in version " + version
                        + "; this Descent reads " + VERSION);
            }
            long lastSeen = in.readLong();
            int n = in.readInt();
            List<LearnerSlot> slots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                slots.add(LearnerSlot.decode(in.readNBytes(in.readInt())));
            }
            LearnerFamily family = new LearnerFamily(key, slots, rule);
            family.lastSeen = lastSeen;
            family.readChampion(in.readNBytes(in.readInt()), rule);
            return family;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
