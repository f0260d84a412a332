package dev.descent.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics Descent reads and writes, by name. The input is JSON house records; the outputs are
 * predictions (one per input record), loss reports (per learner, at a cadence), model snapshots
 * (compacted: the latest state per learner id) and dead letters (inputs that could not be used,
 * with the reason in headers).
 */
public record Topics(String input, String predictions, String loss, String models, String deadLetters) {

    /** Records up to this size pass through the dead-letter route intact (a house record is well under 1 KiB). */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    public static Topics defaults() {
        return new Topics("houses", "predictions", "loss", "models", "dead-letters");
    }

    /** Topic definitions for a single-node cluster: one partition each (see README, "Partitions"). */
    public List<NewTopic> definitions(short replication) {
        Map<String, String> large = Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        return List.of(
                new NewTopic(input, 1, replication).configs(large),
                new NewTopic(predictions, 1, replication),
                new NewTopic(loss, 1, replication),
                new NewTopic(models, 1, replication).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(deadLetters, 1, replication).configs(large));
    }
}
