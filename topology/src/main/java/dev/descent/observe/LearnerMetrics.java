package dev.descent.observe;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.descent.model.LearnerStatus;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.LearnerSnapshot;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The per-learner families of {@code /metrics} (docs/metrics.md), written as Prometheus text
 * (format 0.0.4) straight from the live snapshots. They are most of a scrape, twenty-five series per
 * learner (twenty-seven with listings); as Micrometer meters every series had its six labels
 * validated, sorted and escaped again on every scrape, which was two thirds of the scrape's time.
 * Here each learner's label set is rendered once, when the app starts.
 */
final class LearnerMetrics {

    private record Family(byte[] header, byte[] name, boolean counter, ToDoubleFunction<LearnerSnapshot> value) {
    }

    private static final List<Family> FAMILIES = List.of(
            gauge("descent_learner_loss", "training loss of the latest labeled record", LearnerSnapshot::loss),
            gauge("descent_learner_loss_mean", "mean training loss so far", LearnerSnapshot::meanLoss),
            gauge("descent_learner_rmse", "prequential RMSE, label units", LearnerSnapshot::rmse),
            gauge("descent_learner_mae", "prequential mean absolute error, label units", LearnerSnapshot::mae),
            gauge("descent_learner_rmse_recent", "prequential RMSE of the latest 1000 labeled records, label units",
                    LearnerSnapshot::recentRmse),
            gauge("descent_learner_gradient_norm", "L2 norm of the latest gradient", LearnerSnapshot::gradientNorm),
            gauge("descent_learner_weight_norm", "L2 norm of the parameters", LearnerSnapshot::weightNorm),
            gauge("descent_learner_learning_rate", "effective learning rate of the latest step",
                    LearnerSnapshot::learningRate),
            gauge("descent_learner_stability_bound", "full-batch stability bound 2/lambda_max",
                    LearnerSnapshot::stabilityBound),
            gauge("descent_learner_per_sample_bound", "per-sample stability bound 1/max|x|^2",
                    LearnerSnapshot::perSampleBound),
            gauge("descent_learner_rate_to_bound", "configured learning rate over the bound that applies to it",
                    LearnerSnapshot::rateToBound),
            gauge("descent_learner_converged", "1 while converged", s -> s.status() == LearnerStatus.CONVERGED ? 1 : 0),
            gauge("descent_learner_diverged", "1 once diverged", s -> s.status() == LearnerStatus.DIVERGED ? 1 : 0),
            gauge("descent_learner_poor", "1 while its recent RMSE is not below predicting the mean",
                    s -> s.status() == LearnerStatus.POOR ? 1 : 0),
            gauge("descent_learner_drifting", "1 while its recent error rises significantly",
                    s -> s.status() == LearnerStatus.DRIFTING ? 1 : 0),
            gauge("descent_learner_version", "global version the replicas here are based on, the newest; 0 on one partition",
                    LearnerSnapshot::version),
            gauge("descent_learner_replicas", "replicas of the learner on this instance; 1 on one partition",
                    LearnerSnapshot::replicas),
            gauge("descent_learner_sync_age_seconds",
                    "seconds since a replica here last sent its delta, the shortest; NaN on one partition",
                    LearnerSnapshot::syncAgeSeconds),
            gauge("descent_learner_staleness_records",
                    "labeled records a replica here learned that its global version has not merged, the most; 0 on one partition",
                    LearnerSnapshot::staleness),
            counter("descent_learner_steps_total", "parameter updates", LearnerSnapshot::steps),
            counter("descent_learner_records_learned_total", "labeled records learned", LearnerSnapshot::records),
            counter("descent_learner_records_predicted_total", "records predicted", LearnerSnapshot::predicted),
            counter("descent_learner_skipped_updates_total", "updates skipped to keep parameters finite",
                    LearnerSnapshot::skippedUpdates),
            counter("descent_learner_drifts_total", "drifts the learner's detector reported", LearnerSnapshot::drifts),
            counter("descent_learner_promotions_total", "challengers whose state replaced the learner's",
                    LearnerSnapshot::promotions));

    /** Only with listings: without them no sale is ever scored against a listing's prediction. */
    private static final List<Family> DELAYED = List.of(
            gauge("descent_learner_delayed_rmse", "RMSE of the predictions made at listing, scored at each sale, label units",
                    LearnerSnapshot::delayedRmse),
            counter("descent_learner_delayed_scored_total", "sales scored against the prediction made at their listing",
                    LearnerSnapshot::delayedScored));

    private final Function<String, LearnerSnapshot> live;
    private final List<Family> families;
    private final List<String> ids;
    private final byte[][] labels;       // {batch_size="…",…,run_id="…"} per learner, in configuration order

    /**
     * @param live     the latest snapshot of a learner id, null before its task started
     * @param listings whether houses come as listings and sales, so the delayed figures are written too
     */
    LearnerMetrics(Function<String, LearnerSnapshot> live, List<LearnerConfig> learners, boolean listings, String runId) {
        this.live = live;
        this.families = listings ? Stream.concat(FAMILIES.stream(), DELAYED.stream()).toList() : FAMILIES;
        this.ids = learners.stream().map(LearnerConfig::id).toList();
        this.labels = learners.stream().map(config -> labels(config, runId)).toArray(byte[][]::new);
    }

    /**
     * Appends every family. A learner whose task has not started yet has NaN gauges and zero
     * counters; all of a scrape's series come from one snapshot per learner.
     */
    void writeTo(ByteArrayOutputStream out) {
        LearnerSnapshot[] snapshots = ids.stream().map(live).toArray(LearnerSnapshot[]::new);
        for (Family family : families) {
            out.writeBytes(family.header());
            for (int i = 0; i < snapshots.length; i++) {
                double v = snapshots[i] == null ? Double.NaN : family.value().applyAsDouble(snapshots[i]);
                if (family.counter() && Double.isNaN(v)) {
                    v = 0;
                }
                out.writeBytes(family.name());
                out.writeBytes(labels[i]);
                out.write(' ');
                out.writeBytes(number(v));
                out.write('\n');
            }
        }
    }

    /** Label names in alphabetical order, as the Prometheus client writes them. */
    private static byte[] labels(LearnerConfig config, String runId) {
        String text = "{batch_size=\"" + config.batchSize()
                + "\",learner=\"" + escape(config.id())
                + "\",learning_rate=\"" + BigDecimal.valueOf(config.schedule().learningRate()).stripTrailingZeros().toPlainString()
                + "\",model=\"" + config.model().kind()
                + "\",optimizer=\"" + config.optimizer().kind()
                + "\",run_id=\"" + escape(runId) + "\"}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A label value: backslash, double quote and line feed are escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The shortest decimal that reads back as {@code v} (Schubfach: the JDK's Double.toString was half the time). */
    static byte[] number(double v) {
        String text = v == Double.POSITIVE_INFINITY ? "+Inf" : v == Double.NEGATIVE_INFINITY ? "-Inf"
                : NumberOutput.toString(v, true);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Family gauge(String name, String help, ToDoubleFunction<LearnerSnapshot> value) {
        return family(name, "gauge", help, false, value);
    }

    private static Family counter(String name, String help, ToDoubleFunction<LearnerSnapshot> value) {
        return family(name, "counter", help, true, value);
    }

    private static Family family(String name, String type, String help, boolean counter,
                                 ToDoubleFunction<LearnerSnapshot> value) {
        String header = "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
        return new Family(header.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.US_ASCII), counter, value);
    }
}
