package dev.descent.replay;

import dev.descent.evaluate.KeyedComparison;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.PredictionDoubles.KeyedPrediction;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The squared errors of a keyed replay's labeled records, per model key and over every record: of
 * each of the key's learners, each global learner and the price served. Kept as sums, so that which
 * global learner the keys are compared with can be chosen once every record is in (the report's
 * best), and so that 10,000 keys cost a few arrays each.
 */
final class KeyedScores {
    private final List<LearnerConfig> learners;
    private final Map<String, Errors> keys = new HashMap<>();
    private final Errors all;

    KeyedScores(List<LearnerConfig> learners) {
        this.learners = List.copyOf(learners);
        this.all = new Errors(learners.size());
    }

    /** A labeled record's predictions. */
    void add(KeyedPrediction record) {
        all.add(record, learners);
        if (record.modelKey() != null) {
            keys.computeIfAbsent(record.modelKey(), k -> new Errors(learners.size())).add(record, learners);
        }
    }

    /** The keys against {@code globalLearner} (null when there is none to compare with), keys by {@code field}. */
    KeyedComparison comparison(String field, String globalLearner) {
        int global = globalLearner == null ? -1 : indexOf(globalLearner);
        List<KeyedComparison.KeyRow> rows = keys.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Errors> e) -> -e.getValue().records)
                        .thenComparing(Map.Entry::getKey))
                .map(e -> {
                    Errors key = e.getValue();
                    int best = key.best();
                    return new KeyedComparison.KeyRow(e.getKey(), key.records, best < 0 ? null : learners.get(best).id(),
                            best < 0 ? null : key.own.rmse(best), key.globalRmse(global), key.served.rmse(0));
                })
                .toList();
        int keyedBest = all.best();
        Double servedRmse = all.served.rmse(0);
        Double globalRmse = all.globalRmse(global);
        return new KeyedComparison(field, globalLearner, new KeyedComparison.Summary(all.records,
                all.records - all.own.records, all.global.records, keyedBest < 0 ? null : learners.get(keyedBest).id(),
                keyedBest < 0 ? null : all.own.rmse(keyedBest), servedRmse, globalRmse,
                servedRmse == null || globalRmse == null ? null : servedRmse / globalRmse - 1), rows);
    }

    private int indexOf(String id) {
        for (int i = 0; i < learners.size(); i++) {
            if (learners.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no learner " + id);
    }

    /** One scope's labeled records: a key's, or every record. */
    private static final class Errors {
        long records;
        /** The key's learners', over the records with a key. */
        final Sums own;
        /** The global learners', over the records they predicted. */
        final Sums global;
        final Sums served = new Sums(1);

        Errors(int learners) {
            own = new Sums(learners);
            global = new Sums(learners);
        }

        void add(KeyedPrediction record, List<LearnerConfig> learners) {
            records++;
            double label = record.label();
            if (record.own() != null) {
                own.add(record.own(), label, learners);
            }
            if (record.global() != null) {
                global.add(record.global(), label, learners);
            }
            served.add(0, record.servedPrice(), learners.get(record.served()).target(label));
        }

        /** The key's learner with the lowest RMSE of those with a finite prediction for every record; -1 for none. */
        int best() {
            int best = -1;
            for (int i = 0; i < own.count.length; i++) {
                if (own.records > 0 && own.count[i] == own.records
                        && (best < 0 || own.squaredErrors[i] < own.squaredErrors[best])) {
                    best = i;
                }
            }
            return best;
        }

        /** Global learner {@code i}'s RMSE, when the global learners predicted every record (and there is an i). */
        Double globalRmse(int i) {
            return i < 0 || global.records != records ? null : global.rmse(i);
        }
    }

    /** Squared errors summed per learner; a non-finite prediction is left out, as {@link dev.descent.evaluate.LearnerTrace} leaves it. */
    private static final class Sums {
        long records;
        final long[] count;
        final double[] squaredErrors;

        Sums(int learners) {
            count = new long[learners];
            squaredErrors = new double[learners];
        }

        void add(double[] predictions, double label, List<LearnerConfig> learners) {
            records++;
            for (int i = 0; i < predictions.length; i++) {
                add(i, predictions[i], learners.get(i).target(label));
            }
        }

        void add(int i, double prediction, double target) {
            if (Double.isFinite(prediction)) {
                double e = target - prediction;
                count[i]++;
                squaredErrors[i] += e * e;
            }
        }

        Double rmse(int i) {
            return count[i] == 0 ? null : Math.sqrt(squaredErrors[i] / count[i]);
        }
    }
}
