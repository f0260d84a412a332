package dev.descent.topology;

import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import java.util.List;

/**
 * What the topology does, independent of where it runs: topic names, the record schema, the
 * learners, and how often each learner reports its loss and snapshots its model (in labeled
 * records).
 */
public record DescentConfig(Topics topics, Schema schema, List<LearnerConfig> learners, int lossEvery,
                            int modelsEvery) {

    public DescentConfig {
        learners = List.copyOf(learners);
        if (learners.isEmpty()) {
            throw new IllegalArgumentException("at least one learner is needed");
        }
        if (lossEvery < 1 || modelsEvery < 1) {
            throw new IllegalArgumentException("loss and model cadences must be at least 1 record");
        }
        int features = schema.featureCount();
        learners.forEach(l -> l.validate(features));
    }

    public static DescentConfig of(Schema schema, List<LearnerConfig> learners) {
        return new DescentConfig(Topics.defaults(), schema, learners, 100, 1000);
    }
}
