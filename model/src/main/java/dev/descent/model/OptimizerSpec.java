package dev.descent.model;

import java.util.List;

/** The settings of one kind of optimizer; creates the optimizer with fresh state. */
public interface OptimizerSpec extends Component {

    /** A new optimizer for {@code parameters} parameters, stepping at the rates of {@code schedule}. */
    Optimizer create(Schedule schedule, int parameters);

    /**
     * Why replicas of {@code learner} learning side by side on several partitions could not be
     * merged into one sound global model; empty when they can (docs/partitions.md, "Merge rule").
     */
    default List<String> mergeProblems(LearnerConfig learner) {
        return List.of();
    }
}
