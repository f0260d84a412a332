package dev.descent.cli;

import dev.descent.topology.ModelKeys;
import picocli.CommandLine.Option;

/**
 * {@code --model-key} and how its keys learn and are served (docs/keyed.md), the same for every
 * command that learns per key: {@code run}, {@code demo} and {@code replay}. How many partitions the
 * keys spread over is the command's to say.
 */
public final class ModelKeyOptions {

    @Option(names = "--model-key", paramLabel = "FIELD",
            description = "Learn a copy of every learner per value of this record field, e.g. ocean_proximity: records are"
                    + " repartitioned by it, so each key learns on one partition, in order, beside the global learners"
                    + " (docs/keyed.md).")
    private String field;

    @Option(names = "--min-key-records", defaultValue = "" + ModelKeys.DEFAULT_MIN_KEY_RECORDS, paramLabel = "N",
            description = "With --model-key: labeled records a key's learners learn before their price is served; until"
                    + " then a record gets the global learners' price (default: ${DEFAULT-VALUE}).")
    private int minKeyRecords;

    @Option(names = "--max-keys", defaultValue = "" + ModelKeys.DEFAULT_MAX_KEYS, paramLabel = "N",
            description = "With --model-key: keys held at once, shared evenly by the partitions; a record of a new key"
                    + " beyond them is a dead letter 'too_many_keys' (default: ${DEFAULT-VALUE}).")
    private int maxKeys;

    @Option(names = "--key-ttl", defaultValue = "0", paramLabel = "DAYS",
            description = "With --model-key: event time after a key's last record at which its learners are dropped"
                    + " (their last state stays on the models topic; 0 = never; default: ${DEFAULT-VALUE}).")
    private double keyTtlDays;

    @Option(names = "--key-fallback", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --model-key: serve a young key (fewer than --min-key-records) the global learners' price"
                    + " (default: on; --no-key-fallback serves the key's own at once).")
    private boolean fallback;

    @Option(names = "--warm-start", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --model-key: a new key's learners start as copies of the global ones"
                    + " (default: on; --no-warm-start starts them from zero).")
    private boolean warmStart;

    @Option(names = "--key-metrics", defaultValue = "" + ModelKeys.DEFAULT_METRIC_KEYS, paramLabel = "N",
            description = "With --model-key: keys with series of their own on /metrics, those with most records; every"
                    + " key counts in the aggregates (default: ${DEFAULT-VALUE}).")
    private int metricKeys;

    @Option(names = "--require-model-key",
            description = "With --model-key: a record without the field is a dead letter 'no_model_key' instead of the"
                    + " global learners' alone.")
    private boolean required;

    /** Whether {@code --model-key} was given. */
    boolean on() {
        return field != null;
    }

    /**
     * The keys as given, spread over {@code partitions} of the repartition topic; {@link ModelKeys#OFF}
     * without {@code --model-key}.
     *
     * @throws IllegalArgumentException for settings {@link ModelKeys} refuses
     */
    ModelKeys modelKeys(int partitions) {
        return field == null ? ModelKeys.OFF : new ModelKeys(field, partitions, minKeyRecords, maxKeys,
                TopologyOptions.days(keyTtlDays), fallback, warmStart, required, metricKeys);
    }
}
