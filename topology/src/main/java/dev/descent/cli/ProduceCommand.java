package dev.descent.cli;

import dev.descent.data.CaliforniaHousing;
import dev.descent.UserException;
import dev.descent.evaluate.PrequentialEvaluation;
import dev.descent.config.SchemaFile;
import dev.descent.data.CsvHouses;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import dev.descent.data.HouseProducer;
import dev.descent.data.ProduceException;
import dev.descent.data.ProduceProgress;
import dev.descent.data.ProgressBar;
import dev.descent.kafka.TopicTail;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent produce}: house records from a CSV file or a generator onto a topic, with a progress bar. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send house records to a Kafka topic as JSON objects: the rows of a CSV file, "
                + "or synthetic California-style houses whose price is a known linear function per market "
                + "(ocean_proximity) plus Gaussian noise (standard deviation " + (long) HouseGenerator.NOISE_STDDEV
                + "), so the best possible RMSE is known: the noise's for a model per market, "
                + (long) HouseGenerator.GLOBAL_LINEAR_RMSE + " for one linear model of every market. "
                + "The topic must exist ('descent run' and 'descent broker' create it). "
                + "Every send is checked; one that fails while the broker is away is retried for --retry-for, and a"
                + " rerun with --resume (or --from-record) continues where a run stopped. A progress bar goes to stderr.")
public final class ProduceCommand implements Callable<Integer> {
    static final long DEFAULT_GENERATED = 20_640;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to send to.")
    private String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "houses",
            description = "Topic to send to (default: ${DEFAULT-VALUE}).")
    private String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--csv", paramLabel = "FILE",
                description = "CSV file with a header; bad lines are reported and skipped, as in 'evaluate'.")
        private Path csv;

        @Option(names = "--generate", description = "Synthetic houses with a known price function.")
        private boolean generate;
    }

    @Option(names = "--records", paramLabel = "N",
            description = "Records in the source. --generate: default " + DEFAULT_GENERATED
                    + " (the size of the California file), 0 = until Ctrl-C; with --label-delay, N houses (a listing and a sale"
                    + " each). --csv: the first N good lines; default all."
                    + " --from-record and --resume start within them.")
    private Long records;

    @Option(names = "--from-record", paramLabel = "N", defaultValue = "0",
            description = "Skip the source's first N records (counting from 0): a rerun sends only what a run did not"
                    + " (default: ${DEFAULT-VALUE}).")
    private long fromRecord;

    @Option(names = "--resume",
            description = "Continue after the record the topic ends with, found in the source by its key"
                    + " (a topic of one partition).")
    private boolean resume;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Records per second on average; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "--generate: seed; the same seed gives the same records (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--unlabeled-fraction", paramLabel = "F", defaultValue = "0",
            description = "--generate: share of records without a price, for live prediction (default: ${DEFAULT-VALUE}).")
    private double unlabeledFraction;

    @Mixin
    private LabelDelayOptions listings;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "--csv: JSON schema naming the fields to send; default: the California-housing columns.")
    private Path schemaFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the cluster and the topic before the first send (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--retry-for", paramLabel = "SECONDS", defaultValue = "300",
            description = "Once sending has begun, how long a send that fails for a passing reason (the broker away or"
                    + " restarting) is retried, with backoff, before produce gives up (default: ${DEFAULT-VALUE}).")
    private int retryForSeconds;

    @Mixin
    private DriftOptions drift;

    @Mixin
    private KafkaOptions kafka;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ProduceSource houses;
        String skipped = "";
        if (source.csv != null) {
            CsvHouses file = CsvHouses.read(source.csv, schemaFile == null ? CaliforniaHousing.schema()
                    : SchemaFile.read(schemaFile));
            EvaluateCommand.reportProblems(err, file.problems().stream().limit(PrequentialEvaluation.PROBLEMS_KEPT).toList(),
                    file.problems().size());
            List<HouseMessage> rows = records == null ? file.records()
                    : file.records().subList(0, (int) Math.min(records, file.records().size()));
            houses = new ProduceSource.Rows(rows, source.csv.getFileName().toString());
            skipped = file.problems().isEmpty() ? "" : ", " + file.problems().size() + " bad lines skipped";
        } else {
            ProduceSource.Generated generated = new ProduceSource.Generated(seed, unlabeledFraction, drift.moves(),
                    records == null ? DEFAULT_GENERATED : records);
            houses = !listings.given() ? generated : ProduceSource.Listings.of(generated, listings.delay(), listings.clock());
        }
        long first = resume ? resumePoint(houses) : fromRecord;
        if (houses.size() > 0 && first > houses.size()) {
            throw new UserException(String.format(Locale.ROOT, "--from-record %,d is past the end of the source (%,d records)",
                    first, houses.size()));
        }

        StopSignal stop = StopSignal.install();
        // Java 17 cannot ask whether stderr is a terminal; a console means an interactive session.
        ProgressBar bar = new ProgressBar(err, houses.size() == 0 ? 0 : houses.size() - first, System.console() != null);
        ProduceProgress result;
        try (HouseProducer producer = new HouseProducer(bootstrapServers, kafka.asMap(),
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(retryForSeconds))) {
            result = producer.produce(topic, houses.from(first), rate, bar, stop::requested);
        } catch (ProduceException e) {
            // the reason is often Kafka's own sentence, full stop included
            throw new UserException(!e.afterSending() ? e.getMessage() : e.getMessage().replaceFirst("\\.$", "")
                    + "; rerun with --resume to continue after the topic's last record", e);
        } finally {
            bar.done();
            stop.cleanedUp();
        }
        out.println(String.format(Locale.ROOT, "%s %,d records to '%s' on %s in %.1f s (%,.0f records/s%s%s)",
                stop.requested() ? "stopped after sending" : "sent", result.records(), topic, bootstrapServers,
                result.elapsed().toMillis() / 1000.0, result.recordsPerSecond(), skipped,
                first == 0 ? "" : String.format(Locale.ROOT, ", from record %,d", first)));
        out.flush();
        return 0;
    }

    /** The position after the topic's last record in the source: 0 for an empty topic. */
    private long resumePoint(ProduceSource houses) {
        Optional<String> last;
        try {
            last = TopicTail.lastKey(bootstrapServers, kafka.asMap(), topic, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalStateException e) {
            throw new UserException("cannot resume: " + e.getMessage() + "; give --from-record instead", e);
        }
        return last.isEmpty() ? 0 : houses.after(last.get()).orElseThrow(() -> new UserException("cannot resume: '" + topic
                + "' ends with the record '" + last.get() + "', which is not one of " + houses.describe()));
    }

    private void checkOptions() {
        var parsed = spec.commandLine().getParseResult();
        if (source.csv != null) {
            for (String generatorOnly : List.of("--seed", "--unlabeled-fraction", "--drift", "--label-delay")) {
                if (parsed.hasMatchedOption(generatorOnly)) {
                    throw new UserException(generatorOnly + " applies to --generate, not to --csv");
                }
            }
        } else if (schemaFile != null) {
            throw new UserException("--schema applies to --csv, not to --generate (generated houses have the California columns)");
        }
        listings.check();
        if (listings.given() && resume) {
            throw new UserException("--resume cannot be used with --label-delay: a key names both a house's listing and"
                    + " its sale, so the topic's last key does not say where a run stopped; give --from-record"
                    + " (counting messages) instead");
        }
        if (records != null && (records < 0 || (source.csv != null && records == 0))) {
            throw new UserException("--records must be " + (source.csv != null ? "at least 1" : "0 (endless) or more")
                    + ", got " + records);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new UserException("--rate must be a number ≥ 0 (0 = as fast as possible), got " + rate);
        }
        if (!(unlabeledFraction >= 0 && unlabeledFraction <= 1)) {
            throw new UserException("--unlabeled-fraction must be within 0..1, got " + unlabeledFraction);
        }
        if (timeoutSeconds < 1) {
            throw new UserException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (retryForSeconds < 1) {
            throw new UserException("--retry-for must be at least 1 second, got " + retryForSeconds);
        }
        if (fromRecord < 0) {
            throw new UserException("--from-record must be 0 or more, got " + fromRecord);
        }
        if (resume && parsed.hasMatchedOption("--from-record")) {
            throw new UserException("--resume finds where to start on its own: give --resume or --from-record, not both");
        }
        if (topic.isBlank()) {
            throw new UserException("--topic must not be empty");
        }
    }
}
