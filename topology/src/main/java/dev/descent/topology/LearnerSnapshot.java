package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerStatus;
import dev.descent.model.Replica;
import dev.descent.model.Sgd;
import java.util.Locale;

/**
 * One learner's figures at a moment, immutable, for readers on other threads (metrics, the live
 * page, progress lines) while the stream thread keeps learning.
 *
 * @param predicted  records predicted by this instance since it started, labeled or not
 * @param recentRmse prequential RMSE of the latest {@link LearnerSlot#RECENT} labeled records this
 *                   instance scored, label units
 * @param version    on an input of several partitions, the global version the replica is based
 *                   on; 0 on a single partition
 * @param replicas   replicas of the learner on this instance the figures come from; 1 on a single
 *                   partition (see {@link LiveLearners})
 * @param syncAgeSeconds seconds since the replica last sent its delta to the merger; NaN on a single
 *                   partition, where nothing is sent
 * @param staleness  labeled records the replica learned that its global version has not merged
 *                   yet; 0 on a single partition
 * @param drifts     drifts its detector reported (on several partitions, the chosen replica's)
 * @param lastDriftRecord the labeled record count at the latest drift, -1 before any
 * @param promotions challengers whose state replaced the learner's
 * @param delayedScored with {@link Listings}: sales scored against the prediction made at their listing
 * @param delayedRmse the RMSE of those predictions (label units), NaN before any; {@code rmse} is
 *                    then that of the predictions made when each sale came
 * @param delayedRecentRmse the same over the latest {@link LearnerSlot#RECENT} sales
 */
public record LearnerSnapshot(
        LearnerConfig config,
        long records,
        long predicted,
        long steps,
        long skippedUpdates,
        double loss,
        double meanLoss,
        double rmse,
        double mae,
        double recentRmse,
        double gradientNorm,
        double weightNorm,
        double learningRate,
        double stabilityBound,
        double perSampleBound,
        LearnerStatus status,
        Learner.Divergence divergence,
        long divergedAtRecord,
        long version,
        int replicas,
        double syncAgeSeconds,
        long staleness,
        long drifts,
        long lastDriftRecord,
        long promotions,
        long delayedScored,
        double delayedRmse,
        double delayedRecentRmse) {

    /**
     * The figures of {@code slot} on a single partition. Should the slot be a replica anyway (the
     * loss topic's reports are made this way on every input), its version and staleness come with
     * it, but no sync age: that is {@link ReplicaSync}'s to know.
     */
    static LearnerSnapshot of(LearnerSlot slot, long predicted) {
        return snapshot(slot, predicted, Double.NaN);
    }

    /** The figures of a partition's replica, {@code sinceSyncMillis} after it last sent a delta. */
    static LearnerSnapshot of(LearnerSlot slot, long predicted, long sinceSyncMillis) {
        return snapshot(slot, predicted, sinceSyncMillis / 1000.0);
    }

    private static LearnerSnapshot snapshot(LearnerSlot slot, long predicted, double syncAgeSeconds) {
        Learner l = slot.learner();
        Replica r = slot.replica();
        return new LearnerSnapshot(l.config(), l.records(), predicted, l.steps(), l.skippedUpdates(), l.lastLoss(),
                l.meanLoss(), slot.rmse(), slot.mae(), slot.recentRmse(), l.gradientNorm(), l.weightNorm(), l.learningRate(),
                l.stabilityBound(), l.perSampleBound(), slot.status(), l.divergence(), l.divergedAtRecord(),
                r == null ? 0 : r.baseVersion(), 1, syncAgeSeconds, r == null ? 0 : r.staleness(), l.drifts(),
                l.lastDriftRecord(), l.promotions(), slot.delayedScore().count(), slot.delayedScore().rmse(),
                slot.delayedScore().recentRmse());
    }

    /**
     * The stable-rate bound that plain gradient descent's configured rate must stay under: per
     * record {@code 1/max‖x̃‖²}, per mini-batch {@code 2/λmax}, with normalized updates 1 (README,
     * "Outliers"). NaN where no such bound applies: a clipped step, and the optimizers that scale
     * their own steps (momentum, adaptive ones, RLS).
     */
    public double applicableBound() {
        if (!(config.optimizer() instanceof Sgd) || config.clipNorm() > 0) {
            return Double.NaN;
        }
        if (config.normalized()) {
            return 1;
        }
        return config.batchSize() == 1 ? perSampleBound : stabilityBound;
    }

    /** The configured rate over {@link #applicableBound()}: above 1, the learner is not stable on every record. */
    public double rateToBound() {
        return config.schedule().learningRate() / applicableBound();
    }

    public String id() {
        return config.id();
    }

    public String statusName() {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
