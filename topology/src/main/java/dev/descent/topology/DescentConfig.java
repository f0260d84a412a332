package dev.descent.topology;

import dev.descent.model.Champion;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import java.util.List;

/**
 * What the topology does, independent of where it runs: topic names, the record schema, the
 * learners, how often each learner reports its loss and snapshots its model (in labeled
 * records), the input offset at which the topology stops using records ({@link #OPEN_END}:
 * never; a replay of a topic in place ends at its range's end), the format of the predictions,
 * how learners on several input partitions stay one global model each, how the champion
 * whose price each prediction record serves is chosen, whether houses come as a listing and a
 * later sale ({@link Listings}), and whether each market has its own learners ({@link ModelKeys}).
 */
public record DescentConfig(Topics topics, Schema schema, List<LearnerConfig> learners, int lossEvery,
                            int modelsEvery, long inputEnd, PredictionFormat predictionFormat, Replication replication,
                            ChampionRule champion, Listings listings, ModelKeys modelKeys) {

    /** The champion's hysteresis (see {@link dev.descent.model.Champion}): a lead of {@code margin} (a fraction of RMSE) held for {@code window} labeled records. */
    public record ChampionRule(int window, double margin) {
        public static final ChampionRule DEFAULT = new ChampionRule(Champion.DEFAULT_WINDOW, Champion.DEFAULT_MARGIN);

        public ChampionRule {
            if (window < 1 || !(margin >= 0 && margin < 1)) {
                throw new IllegalArgumentException("the champion needs a window of at least 1 record and a margin in [0, 1),"
                        + " got " + window + " and " + margin);
            }
        }
    }

    public static final long OPEN_END = Long.MAX_VALUE;

    public DescentConfig {
        learners = List.copyOf(learners);
        if (learners.isEmpty()) {
            throw new IllegalArgumentException("at least one learner is needed");
        }
        if (lossEvery < 1 || modelsEvery < 1) {
            throw new IllegalArgumentException("loss and model cadences must be at least 1 record");
        }
        if (predictionFormat == null || replication == null || champion == null || listings == null
                || modelKeys == null) {
            throw new IllegalArgumentException("a prediction format, a replication, a champion rule, listings and model"
                    + " keys are needed");
        }
        if (modelKeys.on() && replication.replicated()) {
            throw new IllegalArgumentException("keyed models learn each key on one partition: they need no replicas");
        }
        if (modelKeys.on() && listings.on()) {
            // A sale may come without the key's field, and would then reach another partition than its listing.
            throw new IllegalArgumentException("--model-key and --listings do not go together yet (docs/keyed.md)");
        }
        if (inputEnd < 0) {
            throw new IllegalArgumentException("the input end offset must not be negative, got " + inputEnd);
        }
        int features = schema.featureCount();
        learners.forEach(l -> l.validate(features));
        if (replication.replicated()) {
            for (LearnerConfig l : learners) {
                if (!l.mergeProblems().isEmpty()) {
                    throw new IllegalArgumentException("learner '" + l.id() + "' cannot learn from "
                            + replication.partitions() + " partitions: " + String.join("; ", l.mergeProblems()));
                }
            }
        }
    }

    /** A topology that uses every input record, however many come, and writes its predictions as JSON. */
    public DescentConfig(Topics topics, Schema schema, List<LearnerConfig> learners, int lossEvery, int modelsEvery) {
        this(topics, schema, learners, lossEvery, modelsEvery, OPEN_END, PredictionFormat.JSON, Replication.NONE,
                ChampionRule.DEFAULT, Listings.OFF, ModelKeys.OFF);
    }

    /** The same topology reading {@code input} and using only its records before offset {@code end}. */
    public DescentConfig endingAt(String input, long end) {
        return new DescentConfig(topics.reading(input), schema, learners, lossEvery, modelsEvery, end, predictionFormat,
                replication, champion, listings, modelKeys);
    }

    /** The same topology writing its predictions in {@code format}. */
    public DescentConfig withPredictionFormat(PredictionFormat format) {
        return new DescentConfig(topics, schema, learners, lossEvery, modelsEvery, inputEnd, format, replication, champion,
                listings, modelKeys);
    }

    /** The same topology learning with {@code replication} (refused if a learner cannot be merged). */
    public DescentConfig withReplication(Replication replication) {
        return new DescentConfig(topics, schema, learners, lossEvery, modelsEvery, inputEnd, predictionFormat, replication,
                champion, listings, modelKeys);
    }

    /** The same topology choosing its champion by {@code rule}. */
    public DescentConfig withChampion(ChampionRule rule) {
        return new DescentConfig(topics, schema, learners, lossEvery, modelsEvery, inputEnd, predictionFormat, replication,
                rule, listings, modelKeys);
    }

    /** The same topology taking houses as listings and sales by {@code listings}. */
    public DescentConfig withListings(Listings listings) {
        return new DescentConfig(topics, schema, learners, lossEvery, modelsEvery, inputEnd, predictionFormat, replication,
                champion, listings, modelKeys);
    }

    /** The same topology with learners per model key by {@code keys}. */
    public DescentConfig withModelKeys(ModelKeys keys) {
        return new DescentConfig(topics, schema, learners, lossEvery, modelsEvery, inputEnd, predictionFormat, replication,
                champion, listings, keys);
    }

    public static DescentConfig of(Schema schema, List<LearnerConfig> learners) {
        return new DescentConfig(Topics.defaults(), schema, learners, 100, 1000);
    }
}
