package dev.descent.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.model.Learner;

/**
 * The {@code loss} topic's JSON for one learner: where it is (step, records), how well it does
 * (loss, running mean loss, prequential RMSE and MAE in label units) and how healthy it is
 * (gradient and weight norms, effective learning rate against the stability bounds, status).
 * Numbers that do not apply are null.
 */
public final class LossReport {
    /** Doubles written with the Schubfach algorithm: Double.toString was a tenth of the topology's time. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private LossReport() {
    }

    public static ObjectNode node(LearnerSlot slot, long timestamp) {
        Learner l = slot.learner();
        ObjectNode n = JSON.createObjectNode();
        n.put("learner", l.config().id());
        n.put("timestamp", timestamp);
        n.put("step", l.steps());
        n.put("records", l.records());
        number(n, "loss", l.lastLoss());
        number(n, "meanLoss", l.meanLoss());
        number(n, "rmse", slot.rmse());
        number(n, "mae", slot.mae());
        number(n, "gradientNorm", l.gradientNorm());
        number(n, "weightNorm", l.weightNorm());
        number(n, "learningRate", l.learningRate());
        number(n, "configuredLearningRate", l.config().schedule().rate());
        number(n, "stabilityBound", l.stabilityBound());
        number(n, "perSampleBound", l.perSampleBound());
        n.put("status", l.status().name().toLowerCase(java.util.Locale.ROOT));
        if (l.status() == Learner.Status.DIVERGED) {
            n.put("divergence", l.divergence().name().toLowerCase(java.util.Locale.ROOT));
            n.put("divergedAtRecord", l.divergedAtRecord());
        }
        n.put("skippedUpdates", l.skippedUpdates());
        return n;
    }

    public static byte[] json(LearnerSlot slot, long timestamp) {
        try {
            return JSON.writeValueAsBytes(node(slot, timestamp));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("loss report JSON", e);
        }
    }

    private static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }
}
