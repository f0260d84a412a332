package dev.descent.bench;

import dev.descent.model.Learner;

/** Fails a benchmark whose learner diverged: it would then only predict, and its score would lie. */
final class LearnerHealth {

    private LearnerHealth() {
    }

    static void check(Learner learner) {
        if (learner.status() == Learner.Status.DIVERGED) {
            throw new IllegalStateException("learner '" + learner.config().id() + "' diverged ("
                    + learner.divergence() + ") at record " + learner.divergedAtRecord()
                    + "; the measurement is not of learning");
        }
    }
}
