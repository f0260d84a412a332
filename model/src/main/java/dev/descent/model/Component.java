package dev.descent.model;

import java.util.List;

/**
 * One part a learner is built from: a model, a loss, an optimizer or a learning-rate schedule.
 * Each kind is a record of its settings (its components are the keys a learners file may set)
 * that names itself, checks itself and, for the stateful ones, creates the object that learns.
 * Every kind is listed once in {@link Components}, with its default settings.
 */
public interface Component {

    /** The name learners files, grids and snapshots use for this kind, e.g. {@code "adam"}. */
    String kind();

    /** What is wrong with these settings in {@code learner}, as sentences; empty when valid. */
    default List<String> problems(LearnerConfig learner) {
        return List.of();
    }
}
