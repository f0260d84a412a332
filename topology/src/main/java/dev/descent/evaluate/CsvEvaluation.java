package dev.descent.evaluate;

import dev.descent.UserException;
import dev.descent.data.CsvRows;
import dev.descent.model.LearnerConfig;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code descent evaluate}'s pass over a CSV file: streamed in file order in constant memory, or,
 * for a shuffle, read whole first (after checking that it fits in the heap) and handed out in the
 * shuffled order. With more than one thread the file is read ahead while the learners learn. With
 * a {@link SaleTiming} each row is a listing whose label comes later ({@link PrequentialEvaluation}).
 */
public final class CsvEvaluation {
    static final int BLOCK_ROWS = 16_384;

    private CsvEvaluation() {
    }

    /** Every label known at once; see {@link #run(Path, Schema, List, Long, int, int, SaleTiming)}. */
    public static PrequentialEvaluation.Outcome run(Path path, Schema schema, List<LearnerConfig> learners,
                                                    Long shuffleSeed, int window, int threads) throws InterruptedException {
        return run(path, schema, learners, shuffleSeed, window, threads, null);
    }

    /**
     * @param timing when rows are listed and sold, null when every label is known at once
     * @throws UserException for a file that cannot be evaluated: unreadable, no data rows, no valid row
     */
    public static PrequentialEvaluation.Outcome run(Path path, Schema schema, List<LearnerConfig> learners,
                                                    Long shuffleSeed, int window, int threads, SaleTiming timing)
            throws InterruptedException {
        PrequentialEvaluation evaluation = new PrequentialEvaluation(window, threads, timing);
        PrequentialEvaluation.Outcome outcome;
        List<String> problems;
        List<RowEncoder.UnknownCategories> unknown;
        try (CsvRows csv = CsvRows.open(path, schema)) {
            if (shuffleSeed == null) {
                try (RowSource rows = new StreamedRows(csv, BLOCK_ROWS, threads > 1)) {
                    outcome = evaluation.run(rows, learners, schema.featureCount());
                }
                problems = outcome.problems();
            } else {
                EncodedRows all = EncodedRows.read(path, csv);
                try (RowSource rows = new ShuffledRows(all, ShuffleOrder.shuffled(all.size(), shuffleSeed), BLOCK_ROWS)) {
                    outcome = evaluation.run(rows, learners, schema.featureCount());
                }
                problems = all.problems().stream().limit(PrequentialEvaluation.PROBLEMS_KEPT).toList();
            }
            unknown = csv.unknownCategories();
        }
        if (outcome.rows() == 0) {
            throw new UserException(path + " has a header but no data lines");
        }
        if (outcome.badRows() == outcome.rows()) {
            throw new UserException(path + ": none of the " + outcome.rows() + " data lines is valid; first problem: "
                    + problems.get(0));
        }
        return new PrequentialEvaluation.Outcome(outcome.learners(), outcome.rows(), outcome.badRows(),
                outcome.unlabeledRows(), problems, outcome.parseSeconds(), outcome.wallSeconds(), unknown,
                outcome.pendingAtLastListing());
    }
}
