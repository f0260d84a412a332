package dev.descent.cli;

import dev.descent.data.CaliforniaHousing;
import dev.descent.UserException;
import dev.descent.config.DefaultLearners;
import dev.descent.config.Grid;
import dev.descent.config.LearnersFile;
import dev.descent.config.SchemaFile;
import dev.descent.model.DriftSpec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The schema and learners options shared by the commands that learn. */
public final class LearnerOptions {

    @Option(names = "--schema", paramLabel = "FILE",
            description = "JSON schema (label, numeric, categorical); default: the California-housing columns.")
    private Path schemaFile;

    @Option(names = "--learners", paramLabel = "FILE", description = "JSON array of learners; default: a built-in set.")
    private Path learnersFile;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2;...",
            description = "Learners as a cross product instead of a file, e.g. 'lr=0.001,0.01;batch=1,32;optimizer=sgd,adam'"
                    + " (any learners-file key, and lr, batch, clip, hidden=32x16).")
    private String grid;

    @Option(names = "--drift-action", paramLabel = "ACTION",
            description = "What every learner that watches for drift does when it detects one: none (report only), reset"
                    + " (restart its optimizer's state and schedule), forget (10x longer steps for 1,000 updates) or"
                    + " challenger (a fresh copy learns beside it and replaces it when better); default: each learner's"
                    + " own setting (none for the built-in set).")
    private String driftAction;

    public Schema schema() {
        return schemaFile == null ? CaliforniaHousing.schema() : SchemaFile.read(schemaFile);
    }

    /** The learners, checked against the schema's feature count; every problem is reported at once. */
    public List<LearnerConfig> learners(Schema schema) {
        if (grid != null && learnersFile != null) {
            throw new UserException("give --grid or --learners, not both");
        }
        List<LearnerConfig> learners = grid != null ? Grid.parse(grid)
                : learnersFile != null ? LearnersFile.read(learnersFile) : DefaultLearners.all();
        if (driftAction != null) {
            DriftSpec.Action action = action(driftAction);
            learners = learners.stream()
                    .map(l -> l.drift().enabled() ? l.withDrift(l.drift().withAction(action)) : l).toList();
        }
        List<String> problems = new ArrayList<>();
        for (LearnerConfig l : learners) {
            l.problems(schema.featureCount()).forEach(p -> problems.add("learner '" + l.id() + "': " + p));
        }
        if (!problems.isEmpty()) {
            throw new UserException(String.join("\n  ", problems));
        }
        return learners;
    }

    private static DriftSpec.Action action(String name) {
        for (DriftSpec.Action a : DriftSpec.Action.values()) {
            if (a.name().equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new UserException("--drift-action must be one of none, reset, forget, challenger; got '" + name + "'");
    }
}
