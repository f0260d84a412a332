package dev.descent.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.model.LearnerConfig;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code expired} topic's records, JSON, keyed by house id: a listing that waited longer than
 * the label window for its sale, with what was predicted for it.
 *
 * <pre>
 *   {"key":…,"listedAt":…,"predictedAt":…,"expiredAt":…,"predictions":{id:…}}
 * </pre>
 *
 * Times are event times in epoch milliseconds; {@code expiredAt} is the stream time that passed
 * the listing's deadline.
 */
final class ListingEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ListingEvents() {
    }

    static byte[] expired(String id, PendingHouse.Listing listing, long expiredAt, List<LearnerConfig> learners) {
        ObjectNode n = JSON.createObjectNode().put("key", id).put("listedAt", listing.listedAt())
                .put("predictedAt", listing.predictedAt()).put("expiredAt", expiredAt);
        ObjectNode predictions = n.putObject("predictions");
        double[] values = listing.predictions();
        for (int i = 0; i < Math.min(values.length, learners.size()); i++) {
            if (Double.isFinite(values[i])) {
                predictions.put(learners.get(i).id(), values[i]);
            } else {
                predictions.putNull(learners.get(i).id());
            }
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
