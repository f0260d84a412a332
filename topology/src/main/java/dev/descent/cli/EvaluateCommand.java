package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.ListingClock;
import dev.descent.evaluate.CsvEvaluation;
import dev.descent.evaluate.PeakMemory;
import dev.descent.evaluate.PrequentialEvaluation;
import dev.descent.evaluate.Report;
import dev.descent.evaluate.ReportFiles;
import dev.descent.evaluate.SaleTiming;
import dev.descent.model.LearnerConfig;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** A column with more of its values outside its categories than this share gets a warning. */
    static final double UNKNOWN_SHARE_WARNED = 0.01;

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

    @Option(names = "--threads", paramLabel = "N",
            description = "Learners learning at once, and the file read ahead when above 1 (default: the cores, here ${DEFAULT-VALUE}).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--delay-days", paramLabel = "N",
            description = "Labels come late: row i is listed (predicted) at i/R days and sells (is scored and learned)"
                    + " N days later, in event-time order as 'produce --generate --label-delay Nd' sends them. Adds the"
                    + " delayed RMSE, of the predictions made at listing. Default: every label at once.")
    private Double delayDays;

    @Option(names = "--listings-per-day", paramLabel = "R",
            description = "--delay-days: rows listed per day (default: " + (long) ListingClock.DEFAULT_LISTINGS_PER_DAY
                    + ", as produce).")
    private double listingsPerDay = ListingClock.DEFAULT_LISTINGS_PER_DAY;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.json and loss.svg into DIR.")
    private Path outDir;

    enum Format { table, json }

    @Override
    public Integer call() throws InterruptedException {
        if (window < 1) {
            throw new UserException("--window must be at least 1, got " + window);
        }
        if (threads < 1) {
            throw new UserException("--threads must be at least 1, got " + threads);
        }
        SaleTiming timing = saleTiming();
        Schema schema = learnerOptions.schema();
        List<LearnerConfig> learners = learnerOptions.learners(schema);
        PrequentialEvaluation.Outcome outcome = CsvEvaluation.run(csv, schema, learners, shuffleSeed, window, threads,
                timing);
        PrintWriter err = spec.commandLine().getErr();
        reportProblems(err, outcome.problems(), outcome.badRows());
        Map<String, Long> unknown = new LinkedHashMap<>();
        for (RowEncoder.UnknownCategories column : outcome.unknownCategories()) {
            unknown.put(column.field(), column.unknown());
            if (column.unknown() > UNKNOWN_SHARE_WARNED * column.values()) {
                err.printf(Locale.ROOT, "warning: column '%s': %,d of %,d values (%.1f%%) are none of its categories and"
                        + " encode as all zeros; check the schema's categories (spelling, case)%n", column.field(),
                        column.unknown(), column.values(), 100.0 * column.unknown() / column.values());
            }
        }
        err.flush();
        Report report = Report.of(csv.toString(), outcome.rows(), outcome.badRows(), outcome.unlabeledRows(),
                schema.featureCount(), shuffleSeed, outcome.rows() / outcome.parseSeconds(), outcome.learners())
                .withRun(unknown, threads, outcome.wallSeconds(), PeakMemory.residentBytes());
        if (timing != null) {
            report = report.withLabelDelay(timing, outcome.pendingAtLastListing());
        }
        if (outDir != null) {
            ReportFiles.write(outDir, report);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? report.toJson() + "\n" : report.toTable());
        out.flush();
        return 0;
    }

    /** When rows are listed and sold; null without --delay-days. */
    private SaleTiming saleTiming() {
        if (delayDays == null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--listings-per-day")) {
                throw new UserException("--listings-per-day applies with --delay-days");
            }
            return null;
        }
        if (!(delayDays >= 0) || delayDays.isInfinite()) {
            throw new UserException("--delay-days must be a number of days ≥ 0, got " + delayDays);
        }
        if (!(listingsPerDay > 0) || Double.isInfinite(listingsPerDay)) {
            throw new UserException("--listings-per-day must be a number above 0, got " + listingsPerDay);
        }
        return new SaleTiming(delayDays, listingsPerDay);
    }

    /** The bad rows shown (the first few) and how many more there were. */
    static void reportProblems(PrintWriter err, List<String> shown, long bad) {
        shown.forEach(p -> err.println("skipped " + p));
        if (bad > shown.size()) {
            err.println("… and " + (bad - shown.size()) + " more bad lines skipped");
        }
        err.flush();
    }
}
