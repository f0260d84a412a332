package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.evaluate.CsvFile;
import dev.descent.evaluate.EncodedRows;
import dev.descent.evaluate.LearnerResult;
import dev.descent.evaluate.PrequentialEvaluation;
import dev.descent.evaluate.Report;
import dev.descent.evaluate.ReportFiles;
import dev.descent.evaluate.ShuffleOrder;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent evaluate}: one prequential pass of every learner over a CSV file, then a report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Predict, score, then learn each row of a CSV file with every learner, and report "
                + "prequential RMSE, MAE, R², recent RMSE, rows/s, convergence and stability bounds. "
                + "Bad rows are reported with their line, column and reason, counted and skipped.")
public final class EvaluateCommand implements Callable<Integer> {
    static final int MAX_PROBLEMS_SHOWN = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "CSV file with a header line.")
    private Path csv;

    @Mixin
    private LearnerOptions learnerOptions;

    @Option(names = "--shuffle-seed", paramLabel = "N",
            description = "Shuffle rows with java.util.Random(N) and Fisher–Yates; default: file order.")
    private Long shuffleSeed;

    @Option(names = "--window", paramLabel = "N", defaultValue = "5000",
            description = "Rows in the recent-RMSE window (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.json and loss.svg into DIR.")
    private Path outDir;

    enum Format { table, json }

    @Override
    public Integer call() {
        if (window < 1) {
            throw new UserException("--window must be at least 1, got " + window);
        }
        Schema schema = learnerOptions.schema();
        List<LearnerConfig> learners = learnerOptions.learners(schema);
        EncodedRows rows = EncodedRows.encode(CsvFile.read(csv), schema);
        reportProblems(rows.problems());
        int[] order = shuffleSeed == null ? ShuffleOrder.identity(rows.size())
                : ShuffleOrder.shuffled(rows.size(), shuffleSeed);
        List<LearnerResult> results = new PrequentialEvaluation(rows, order, window).run(learners);
        Report report = Report.of(csv.toString(), rows.size(), rows.badRows(), rows.unlabeledRows(),
                schema.featureCount(), shuffleSeed, rows.size() / (rows.parseNanos() / 1e9), results);
        if (outDir != null) {
            ReportFiles.write(outDir, report);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? report.toJson() + "\n" : report.toTable());
        out.flush();
        return 0;
    }

    private void reportProblems(List<String> problems) {
        PrintWriter err = spec.commandLine().getErr();
        problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(p -> err.println("skipped " + p));
        if (problems.size() > MAX_PROBLEMS_SHOWN) {
            err.println("… and " + (problems.size() - MAX_PROBLEMS_SHOWN) + " more bad lines skipped");
        }
        err.flush();
    }
}
