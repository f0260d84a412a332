package dev.descent.observe;

import dev.descent.topology.LiveLearners;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The model keys' families of {@code /metrics} (docs/metrics.md), with model keys only: how many
 * keys, each learner's copies over every key, the prices served, then series of their own (the
 * champion's RMSE and each learner's) for the keys with most records only ({@code --key-metrics}) and the spread of every key's RMSE as
 * quantiles, so that ten thousand keys make a handful of series, not ten thousand.
 */
final class KeyMetrics {
    /** The quantiles of the keys' RMSE, by nearest rank; 1 is the worst key. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 1};

    private final LiveLearners live;
    private final List<String> ids;
    private final int metricKeys;
    private final String run;

    /** @param metricKeys the keys with series of their own, those with most records */
    KeyMetrics(LiveLearners live, int metricKeys, String runId) {
        this.live = live;
        this.metricKeys = metricKeys;
        this.ids = live.ids();
        this.run = "run_id=\"" + LearnerMetrics.escape(runId) + "\"";
    }

    void writeTo(ByteArrayOutputStream out) {
        LiveLearners.KeyScores keys = live.keys();
        header(out, "descent_model_keys", "model keys whose learners this instance holds");
        sample(out, "descent_model_keys", "", keys == null ? 0 : keys.keys());
        header(out, "descent_keyed_rmse", "prequential RMSE of a learner's copies over every model key, label units");
        for (int i = 0; i < ids.size(); i++) {
            sample(out, "descent_keyed_rmse", "learner=\"" + LearnerMetrics.escape(ids.get(i)) + "\",",
                    keys == null ? Double.NaN : keys.rmse(i));
        }
        header(out, "descent_keyed_served_rmse",
                "prequential RMSE of the prices served with model keys (a young key's from the global learners), label units");
        sample(out, "descent_keyed_served_rmse", "", keys == null ? Double.NaN : keys.servedRmse());
        List<LiveLearners.KeyFigure> top = keys == null ? List.of()
                : keys.top().subList(0, Math.min(metricKeys, keys.top().size()));
        header(out, "descent_key_records", "labeled records of the model keys with most of them");
        for (LiveLearners.KeyFigure key : top) {
            sample(out, "descent_key_records", keyLabel(key), key.records());
        }
        header(out, "descent_key_rmse", "prequential RMSE of a model key's champion, for the keys with most records");
        for (LiveLearners.KeyFigure key : top) {
            sample(out, "descent_key_rmse", keyLabel(key), key.rmse());
        }
        header(out, "descent_key_learner_rmse", "prequential RMSE of each learner of the model keys with most records");
        for (LiveLearners.KeyFigure key : top) {
            for (int i = 0; i < ids.size(); i++) {
                sample(out, "descent_key_learner_rmse", keyLabel(key) + "learner=\"" + LearnerMetrics.escape(ids.get(i))
                        + "\",", key.learnerRmse()[i]);
            }
        }
        header(out, "descent_key_rmse_quantile", "quantiles of every model key's champion's prequential RMSE");
        double[] sorted = keys == null ? new double[0] : keys.keyRmse().clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double v = sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(q * sorted.length) - 1];
            sample(out, "descent_key_rmse_quantile", "quantile=\"" + q + "\",", v);
        }
    }

    private static String keyLabel(LiveLearners.KeyFigure key) {
        return "key=\"" + LearnerMetrics.escape(key.key()) + "\",";
    }

    private static void header(ByteArrayOutputStream out, String name, String help) {
        out.writeBytes(("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code labels} in alphabetical order, each followed by a comma; run_id comes last. */
    private void sample(ByteArrayOutputStream out, String name, String labels, double value) {
        out.writeBytes((name + "{" + labels + run + "} ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(LearnerMetrics.number(value));
        out.write('\n');
    }
}
