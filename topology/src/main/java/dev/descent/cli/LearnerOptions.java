package dev.descent.cli;

import dev.descent.config.DefaultLearners;
import dev.descent.config.LearnersFile;
import dev.descent.config.SchemaFile;
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

    public Schema schema() {
        return schemaFile == null ? Schema.californiaHousing() : SchemaFile.read(schemaFile);
    }

    /** The learners, checked against the schema's feature count; every problem is reported at once. */
    public List<LearnerConfig> learners(Schema schema) {
        List<LearnerConfig> learners = learnersFile == null ? DefaultLearners.all() : LearnersFile.read(learnersFile);
        List<String> problems = new ArrayList<>();
        for (LearnerConfig l : learners) {
            l.problems(schema.featureCount()).forEach(p -> problems.add("learner '" + l.id() + "': " + p));
        }
        if (!problems.isEmpty()) {
            throw new UserException(String.join("\n  ", problems));
        }
        return learners;
    }
}
