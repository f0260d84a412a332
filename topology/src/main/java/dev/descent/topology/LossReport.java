package dev.descent.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A learner's figures as JSON, the one form every reader gets: the {@code loss} topic, and
 * {@code /api/learners} with a few fields of its own. What it is (model, optimizer, configured
 * rate, batch size), where it is (step, records), how well it does (loss, running mean loss,
 * prequential RMSE and MAE in label units; with listings also the delayed RMSE, of the predictions
 * made at listing, and the sales it was scored on) and how healthy it is (gradient and weight norms,
 * effective learning rate against the stability bounds, status). Numbers that do not apply are null.
 */
public final class LossReport {
    /** Doubles written with the Schubfach algorithm: Double.toString was a tenth of the topology's time. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private LossReport() {
    }

    /** The figures of {@code s} as a new object. */
    public static ObjectNode node(LearnerSnapshot s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("learner", s.id());
        n.put("model", s.config().model().kind());
        n.put("optimizer", s.config().optimizer().kind());
        n.put("batchSize", s.config().batchSize());
        n.put("step", s.steps());
        n.put("records", s.records());
        number(n, "loss", s.loss());
        number(n, "meanLoss", s.meanLoss());
        number(n, "rmse", s.rmse());
        number(n, "mae", s.mae());
        number(n, "recentRmse", s.recentRmse());
        number(n, "delayedRmse", s.delayedRmse());
        number(n, "delayedRecentRmse", s.delayedRecentRmse());
        n.put("delayedScored", s.delayedScored());
        number(n, "gradientNorm", s.gradientNorm());
        number(n, "weightNorm", s.weightNorm());
        number(n, "learningRate", s.learningRate());
        number(n, "configuredLearningRate", s.config().schedule().learningRate());
        number(n, "stabilityBound", s.stabilityBound());
        number(n, "perSampleBound", s.perSampleBound());
        number(n, "applicableBound", s.applicableBound());
        n.put("status", s.statusName());
        if (s.divergedAtRecord() >= 0) {
            n.put("divergence", s.divergence().name().toLowerCase(Locale.ROOT));
            n.put("divergedAtRecord", s.divergedAtRecord());
        }
        n.put("skippedUpdates", s.skippedUpdates());
        n.put("drifts", s.drifts());
        if (s.lastDriftRecord() >= 0) {
            n.put("lastDriftRecord", s.lastDriftRecord());
        }
        n.put("promotions", s.promotions());
        return n;
    }

    /** The {@code loss} topic's record: the figures and the input record's timestamp. */
    public static byte[] json(LearnerSnapshot s, long timestamp) {
        try {
            return JSON.writeValueAsBytes(node(s).put("timestamp", timestamp));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("loss report JSON", e);
        }
    }

    /** A finite number, else null: JSON has no NaN. */
    public static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }
}
