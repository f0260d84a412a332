package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import java.util.Locale;

/**
 * One learner's figures at a moment, immutable, for readers on other threads (metrics, the live
 * page, progress lines) while the stream thread keeps learning.
 *
 * @param predicted records predicted by this instance since it started, labeled or not
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
        double gradientNorm,
        double weightNorm,
        double learningRate,
        double stabilityBound,
        double perSampleBound,
        Learner.Status status,
        Learner.Divergence divergence,
        long divergedAtRecord) {

    static LearnerSnapshot of(LearnerSlot slot, long predicted) {
        Learner l = slot.learner();
        return new LearnerSnapshot(l.config(), l.records(), predicted, l.steps(), l.skippedUpdates(), l.lastLoss(),
                l.meanLoss(), slot.rmse(), slot.mae(), l.gradientNorm(), l.weightNorm(), l.learningRate(),
                l.stabilityBound(), l.perSampleBound(), l.status(), l.divergence(), l.divergedAtRecord());
    }

    public String id() {
        return config.id();
    }

    public String statusName() {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
