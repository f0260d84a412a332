package dev.descent.topology;

import dev.descent.kafka.Retention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics Descent reads and writes, by name. The input is JSON house records; the outputs are
 * predictions (one per input record), loss reports (per learner, at a cadence), model snapshots
 * (compacted: the latest state per learner id), dead letters (inputs that could not be used,
 * with the reason in headers) and drift events (detections, challengers promoted, champion
 * changes; see {@link DriftEvents}) and expired listings (houses listed and never sold within the
 * label window, see {@link Listings}). On Descent's own broker every topic but the compacted models gets a
 * {@link Retention}; elsewhere the cluster's retention applies.
 */
public record Topics(String input, String predictions, String loss, String models, String deadLetters, String drift,
                     String expired) {

    /** Records up to this size pass through the dead-letter route intact (a house record is well under 1 KiB). */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    /**
     * The models topic keeps the latest snapshot per learner, yet takes one every few hundred
     * milliseconds per learner at speed: small segments let compaction (which spares the open
     * segment) keep it near that size instead of a gigabyte, the broker's default segment.
     */
    static final String COMPACTED_SEGMENT_BYTES = Integer.toString(16 * 1024 * 1024);
    static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.SEGMENT_BYTES_CONFIG, COMPACTED_SEGMENT_BYTES);

    private static final Optional<Integer> ONE = Optional.of(1);
    private static final Optional<Short> DEFAULT_REPLICATION = Optional.empty();
    private static final Map<String, String> LARGE = Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));

    public static Topics defaults() {
        return withInput("houses");
    }

    /** The default output topics next to the given input topic. */
    public static Topics withInput(String input) {
        return new Topics(input, "predictions", "loss", "models", "dead-letters", "drift", "expired");
    }

    /**
     * The replicas' deltas on their way to the merger, when the input has several partitions: one
     * partition, so that one task merges every delta of a learner in one order.
     */
    public String deltas() {
        return models + "-deltas";
    }

    /**
     * With {@link ModelKeys}: the input's records, parsed and keyed by their model key on their way
     * to the key's partition; the application's own, named after its models like {@link #deltas()}.
     */
    public String keyed() {
        return models + "-keyed";
    }

    /**
     * With {@link ModelKeys}: the input with {@code inputPartitions}, the outputs, and the
     * repartition topic with {@code keyedPartitions}; no deltas topic, as keys need no replicas.
     */
    public List<NewTopic> keyedDefinitions(int inputPartitions, int keyedPartitions) {
        return keyedDefinitions(inputPartitions, keyedPartitions, Map.of());
    }

    /** {@link #keyedDefinitions(int, int)} with {@code retention} on every topic but the compacted models. */
    public List<NewTopic> keyedDefinitions(int inputPartitions, int keyedPartitions, Retention retention) {
        return keyedDefinitions(inputPartitions, keyedPartitions, retention.configs());
    }

    private List<NewTopic> keyedDefinitions(int inputPartitions, int keyedPartitions, Map<String, String> retention) {
        List<NewTopic> all = new ArrayList<>(definitions(inputPartitions, retention).subList(0, 1));
        all.addAll(outputDefinitions(retention));
        all.add(new NewTopic(keyed(), Optional.of(keyedPartitions), DEFAULT_REPLICATION).configs(with(LARGE, retention)));
        return List.copyOf(all);
    }

    /** The same outputs, reading {@code other}. */
    public Topics reading(String other) {
        return new Topics(other, predictions, loss, models, deadLetters, drift, expired);
    }

    /** {@code houses → predictions, loss, models, dead-letters, drift, expired}, for a status line. */
    public String describe() {
        return input + " → " + String.join(", ", predictions, loss, models, deadLetters, drift, expired);
    }

    /** {@link #definitions(int)} with a single-partition input. */
    public List<NewTopic> definitions() {
        return definitions(1);
    }

    /**
     * Topic definitions with the cluster's default replication factor and retention, the input
     * first with {@code inputPartitions} partitions, every other topic with one; with several input
     * partitions, the deltas topic too (see README, "Partitions").
     */
    public List<NewTopic> definitions(int inputPartitions) {
        return definitions(inputPartitions, Map.of());
    }

    /** {@link #definitions(int)} with {@code retention} on every topic but the compacted models. */
    public List<NewTopic> definitions(int inputPartitions, Retention retention) {
        return definitions(inputPartitions, retention.configs());
    }

    /** The topics that learning from several input partitions adds: the deltas topic. */
    public List<NewTopic> replicationDefinitions() {
        return replicationDefinitions(Map.of());
    }

    /** {@link #definitions(int)} without the input, for an app that reads a topic somebody else made. */
    public List<NewTopic> outputDefinitions() {
        return outputDefinitions(Map.of());
    }

    private List<NewTopic> definitions(int inputPartitions, Map<String, String> retention) {
        List<NewTopic> all = new ArrayList<>();
        all.add(new NewTopic(input, Optional.of(inputPartitions), DEFAULT_REPLICATION).configs(with(LARGE, retention)));
        all.addAll(outputDefinitions(retention));
        if (inputPartitions > 1) {
            all.addAll(replicationDefinitions(retention));
        }
        return List.copyOf(all);
    }

    private List<NewTopic> replicationDefinitions(Map<String, String> retention) {
        return List.of(new NewTopic(deltas(), ONE, DEFAULT_REPLICATION).configs(with(LARGE, retention)));
    }

    private List<NewTopic> outputDefinitions(Map<String, String> retention) {
        return List.of(
                new NewTopic(predictions, ONE, DEFAULT_REPLICATION).configs(retention),
                new NewTopic(loss, ONE, DEFAULT_REPLICATION).configs(retention),
                new NewTopic(models, ONE, DEFAULT_REPLICATION).configs(COMPACTED),
                new NewTopic(deadLetters, ONE, DEFAULT_REPLICATION).configs(with(LARGE, retention)),
                new NewTopic(drift, ONE, DEFAULT_REPLICATION).configs(retention),
                new NewTopic(expired, ONE, DEFAULT_REPLICATION).configs(retention));
    }

    private static Map<String, String> with(Map<String, String> configs, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(configs);
        all.putAll(more);
        return all;
    }
}
