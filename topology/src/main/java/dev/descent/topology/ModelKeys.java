package dev.descent.topology;

import java.time.Duration;

/**
 * Whether each market gets its own learners (docs/keyed.md): with a {@code field}, records are
 * repartitioned by that field's value, the <em>model key</em>, and every key gets its own copy of
 * each configured learner, next to the task's key-less <em>global</em> learners, which serve
 * records without the field and learn from them, and, for the fallback or the warm start, from
 * every record of the task.
 *
 * @param field         the record field whose value is the model key; null for one model of everything
 * @param partitions    partitions of the repartition topic; 0 for as many as the input has
 * @param minKeyRecords labeled records a key's learners learn before their price is served; until
 *                      then (with {@code fallback}) the global learners' is
 * @param maxKeys       keys held at once over all partitions, so memory stays bounded: each
 *                      partition's task holds its share, and a new key beyond it is a dead letter
 * @param keyTtl        event time after a key's last record at which its learners are dropped from
 *                      memory and the store (their last state stays on the models topic);
 *                      {@link Duration#ZERO} to keep every key
 * @param fallback      serve young keys the global learners' price
 * @param warmStart     a new key's learners start as copies of the global ones, not from zero
 * @param required      a record without the field is a dead letter rather than the global learners'
 * @param metricKeys    keys with series of their own on {@code /metrics}, those with most records; the
 *                      others are in the aggregates only, so the series stay few however many keys come
 */
public record ModelKeys(String field, int partitions, int minKeyRecords, int maxKeys, Duration keyTtl,
                        boolean fallback, boolean warmStart, boolean required, int metricKeys) {
    public static final int DEFAULT_MIN_KEY_RECORDS = 100;
    public static final int DEFAULT_MAX_KEYS = 10_000;
    public static final int DEFAULT_METRIC_KEYS = 20;
    /** One model of everything, as without keys. */
    public static final ModelKeys OFF = by(null);

    public ModelKeys {
        if (field != null && field.isBlank()) {
            throw new IllegalArgumentException("--model-key needs a field name");
        }
        if (partitions < 0 || minKeyRecords < 0 || maxKeys < 1 || metricKeys < 0) {
            throw new IllegalArgumentException("--model-partitions, --min-key-records and --key-metrics must not be"
                    + " negative and --max-keys must be at least 1, got " + partitions + ", " + minKeyRecords + ", "
                    + metricKeys + " and " + maxKeys);
        }
        if (keyTtl == null || keyTtl.isNegative()) {
            throw new IllegalArgumentException("--key-ttl must not be negative, got " + keyTtl);
        }
    }

    /** Models per key of {@code field}, with the defaults. */
    public static ModelKeys by(String field) {
        return new ModelKeys(field, 0, DEFAULT_MIN_KEY_RECORDS, DEFAULT_MAX_KEYS, Duration.ZERO, true, true, false,
                DEFAULT_METRIC_KEYS);
    }

    public boolean on() {
        return field != null;
    }

    /** The repartition topic's partition count for an input of {@code inputPartitions}. */
    public int partitionsFor(int inputPartitions) {
        return partitions > 0 ? partitions : inputPartitions;
    }

    /** Whether a key whose learners learned {@code keyRecords} labeled records is served the global learners' price. */
    boolean servedByGlobal(long keyRecords) {
        return fallback && keyRecords < minKeyRecords;
    }

    /** The keys one of {@code taskCount} tasks may hold: its even share of {@link #maxKeys}, at least one. */
    int maxKeysPerTask(int taskCount) {
        return Math.max(1, (maxKeys + taskCount - 1) / taskCount);
    }
}
