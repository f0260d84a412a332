package dev.descent.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.model.Learner;
import java.util.Locale;

/**
 * The {@code drift} topic's records, JSON, one per event, keyed by the learner id (a champion
 * change by {@value #CHAMPION}):
 *
 * <pre>
 *   {"event":"drift","learner":…,"detector":"adwin","record":…,"statistic":…,"action":"reset","acted":true,…}
 *   {"event":"promotion","learner":…,"record":…,…}      a challenger's state replaced the learner's
 *   {"event":"champion","champion":…,"previous":…,"record":…,"recentRmse":…,"previousRmse":…,…}
 * </pre>
 *
 * {@code acted} is false when the action is {@code none}, or was not taken (see {@link Learner}: a
 * challenger learns already, or the learner acted within the last 1,000 records). {@code record}
 * counts the learner's labeled records (for a champion change, the labeled records
 * its input partition scored since the task first ran); every event also carries its input
 * {@code partition} and the input record's {@code timestamp}. Rare (a few per market move), so
 * a tree per event costs nothing that matters.
 */
final class DriftEvents {
    static final String CHAMPION = "champion";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DriftEvents() {
    }

    static byte[] drift(Learner learner, int partition, long timestamp) {
        ObjectNode n = event("drift", partition, timestamp).put("learner", learner.config().id())
                .put("detector", learner.config().drift().detector())
                .put("record", learner.lastDriftRecord());
        number(n, "statistic", learner.lastDriftStatistic());
        return bytes(n.put("action", learner.config().drift().action().name().toLowerCase(Locale.ROOT))
                .put("acted", learner.lastDriftActed()));
    }

    static byte[] promotion(Learner learner, int partition, long timestamp) {
        return bytes(event("promotion", partition, timestamp).put("learner", learner.config().id())
                .put("record", learner.records()).put("promotions", learner.promotions()));
    }

    static byte[] champion(String champion, String previous, long record, double recentRmse, double previousRmse,
                           int partition, long timestamp) {
        ObjectNode n = event(CHAMPION, partition, timestamp).put(CHAMPION, champion).put("previous", previous)
                .put("record", record);
        number(n, "recentRmse", recentRmse);
        number(n, "previousRmse", previousRmse);
        return bytes(n);
    }

    private static ObjectNode event(String type, int partition, long timestamp) {
        return JSON.createObjectNode().put("event", type).put("partition", partition).put("timestamp", timestamp);
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("drift event JSON", e);
        }
    }
}
