package dev.descent.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerStatus;
import dev.descent.model.PrequentialScore;
import java.util.List;
import java.util.Locale;

/**
 * One learner's line in a report. Numbers that do not apply or are not known yet (a stability
 * bound for an MLP, R² of a single row) are null, never NaN, so the JSON stays valid.
 *
 * @param rows              labeled rows predicted, scored and learned
 * @param rmse              prequential root mean squared error, in label units
 * @param delayedRmse       with labels that come late ({@code evaluate --delay-days}), the RMSE of the predictions
 *                          made when each row was listed, long before its label; absent from the JSON without.
 *                          It counts the first rows, predicted before any label arrived, so on a short run it says
 *                          more about the delay than about the learner: compare {@code delayedRecentRmse}
 * @param delayedRecentRmse the delayed RMSE of the last {@code window} labeled rows; absent from the JSON without a delay
 * @param recentRmse        RMSE of the last {@code window} labeled rows
 * @param rowsPerSecond     learning throughput of this learner alone (input parsing excluded)
 * @param status            {@link LearnerStatus} in lower case: {@code learning}, {@code converged},
 *                          {@code poor}, {@code drifting} or {@code diverged}
 * @param divergedAtRow     the labeled row at which it diverged, null when it did not
 * @param stabilityBound    full-batch stable learning rate {@code 2/λ_max(H)} (linear + squared loss); a
 *                          diverged learner's as it stood at {@code divergedAtRow}
 * @param perSampleBound    per-sample stable learning rate {@code 1/max‖x̃‖²} (linear + squared loss); a
 *                          diverged learner's as it stood at {@code divergedAtRow}
 * @param stepsToConvergence the first labeled row from which the smoothed loss stays within 5% of its
 *                          final value (see {@link LearnerTrace}); null when fewer rows were scored than
 *                          two of the status's windows (too short to tell) or the learner diverged (its
 *                          final value is that of a frozen model)
 * @param curve             up to {@value #CURVE_POINTS} points {@code [row, smoothed RMSE]}, for charts
 */
public record LearnerResult(
        String id,
        String model,
        String optimizer,
        double learningRate,
        int batchSize,
        long rows,
        long steps,
        Double rmse,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double delayedRmse,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double delayedRecentRmse,
        Double mae,
        Double r2,
        Double recentRmse,
        int window,
        Double meanLoss,
        Double rowsPerSecond,
        String status,
        String divergence,
        Long divergedAtRow,
        long skippedUpdates,
        Double stabilityBound,
        Double perSampleBound,
        Double gradientNorm,
        Double weightNorm,
        Long stepsToConvergence,
        List<double[]> curve) {

    public static final int CURVE_POINTS = 400;

    public static LearnerResult of(Learner learner, LearnerTrace trace, double seconds) {
        return of(learner, trace, null, seconds);
    }

    /** @param delayed the scores of the predictions made at listing, null when every label came at once */
    public static LearnerResult of(Learner learner, LearnerTrace trace, PrequentialScore delayed, double seconds) {
        PrequentialScore score = trace.score();
        LearnerConfig c = learner.config();
        String model = c.model().describe(learner.features());
        LearnerStatus status = LearnerStatus.of(learner, trace.windows());
        boolean diverged = status == LearnerStatus.DIVERGED;
        boolean tooShort = trace.windows().completeWindows() < 2;
        return new LearnerResult(c.id(), model, c.optimizer().kind(), c.schedule().learningRate(), c.batchSize(),
                learner.records(), learner.steps(), finite(score.rmse()),
                delayed == null ? null : finite(delayed.rmse()), delayed == null ? null : finite(delayed.recentRmse()),
                finite(score.mae()), finite(score.r2()),
                finite(score.recentRmse()), score.window(), finite(learner.meanLoss()),
                seconds > 0 ? finite(learner.records() / seconds) : null,
                status.name().toLowerCase(Locale.ROOT),
                diverged ? learner.divergence().name().toLowerCase(Locale.ROOT) : null,
                diverged ? learner.divergedAtRecord() : null,
                learner.skippedUpdates(), finite(learner.stabilityBound()), finite(learner.perSampleBound()),
                finite(learner.gradientNorm()), finite(learner.weightNorm()),
                diverged || tooShort ? null : trace.stepsToConvergence(),
                trace.curve(CURVE_POINTS));
    }

    public boolean diverged() {
        return divergedAtRow != null;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
