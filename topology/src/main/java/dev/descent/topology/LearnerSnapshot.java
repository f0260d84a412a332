package dev.descent.topology;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Sgd;
import java.util.Locale;

/**
 * One learner's figures at a moment, immutable, for readers on other threads (metrics, the live
 * page, progress lines) while the stream thread keeps learning.
 *
 * @param predicted  records predicted by this instance since it started, labeled or not
 * @param recentRmse prequential RMSE of the latest {@link LearnerSlot#RECENT} labeled records this
 *                   instance scored, label units
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
        Learner.Status status,
        Learner.Divergence divergence,
        long divergedAtRecord) {

    static LearnerSnapshot of(LearnerSlot slot, long predicted) {
        Learner l = slot.learner();
        return new LearnerSnapshot(l.config(), l.records(), predicted, l.steps(), l.skippedUpdates(), l.lastLoss(),
                l.meanLoss(), slot.rmse(), slot.mae(), slot.recentRmse(), l.gradientNorm(), l.weightNorm(), l.learningRate(),
                l.stabilityBound(), l.perSampleBound(), l.status(), l.divergence(), l.divergedAtRecord());
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
