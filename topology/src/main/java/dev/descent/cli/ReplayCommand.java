package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.ProgressBar;
import dev.descent.evaluate.ReportFiles;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.replay.ReplayRange;
import dev.descent.replay.ReplayRun;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import dev.descent.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent replay}: the learners over a fixed range of a topic, under a fresh application
 * id, ending with a report (table or JSON on stdout; {@code report.json} and {@code loss.svg} in
 * the output directory). With {@code --model-key} the report compares the keys' learners with the
 * global ones ({@link dev.descent.evaluate.KeyedComparison}).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a range of a topic through a grid of learners and report which works best: "
                + "prequential RMSE/MAE/R², recent RMSE, steps to convergence, divergence, stability bounds, records/s;"
                + " with --model-key, the keys' learners against the global ones, key by key.")
public final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster holding the topic.")
    private String bootstrapServers;

    @Option(names = "--topic", required = true, description = "Topic of JSON house records to replay.")
    private String topic;

    @Option(names = "--from", defaultValue = "earliest", paramLabel = "earliest|PARTITION:OFFSET,...|INSTANT",
            description = "Where the range starts: earliest, offsets (a bare number is partition 0), or an ISO-8601 instant (default: ${DEFAULT-VALUE}).")
    private String from;

    @Option(names = "--to", defaultValue = "end", paramLabel = "end|INSTANT",
            description = "Where it ends: the end offsets when the replay starts, or an ISO-8601 instant (default: ${DEFAULT-VALUE}).")
    private String to;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the range (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--window", paramLabel = "N", defaultValue = "5000",
            description = "Records in the recent-RMSE window (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for report.json and loss.svg (default: replays/RUN-ID).")
    private Path out;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Report on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private EvaluateCommand.Format format;

    @Option(names = "--at-least-once", description = "At-least-once processing instead of exactly-once v2.")
    private boolean atLeastOnce;

    @Mixin
    private LearnerOptions learnerOptions;

    @Mixin
    private ChampionOptions champion;

    @Mixin
    private ModelKeyOptions modelKeys;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private HttpOptions http;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) {
            throw new UserException("--epochs must be at least 1, got " + epochs);
        }
        if (window < 1) {
            throw new UserException("--window must be at least 1, got " + window);
        }
        String runId = http.runId() != null ? http.runId()
                : ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID);
        if (!ReplayRun.RUN_ID.matcher(runId).matches()) {
            throw new UserException("--run-id '" + runId + "' may hold only letters, digits, '.', '_' and '-' (1-100)");
        }
        Schema schema = learnerOptions.schema();
        List<LearnerConfig> learners = learnerOptions.learners(schema);
        DescentConfig config;
        try {
            config = new DescentConfig(Topics.withInput(topic), schema, learners, 100, 1000)
                    .withChampion(champion.rule()).withModelKeys(modelKeys.modelKeys(ReplayRun.KEYED_PARTITIONS));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        Map<String, String> overrides = kafka.asMap();
        ReplayRange range;
        try (Admin admin = TopicAdmin.connect(bootstrapServers, overrides)) {
            range = ReplayRange.resolve(admin, topic, from, to);
            Topics runTopics = ReplayRun.topics(runId);
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (existing.contains(runTopics.input()) || existing.contains(runTopics.predictions())) {
                throw new UserException("run '" + runId + "' exists already (topic " + runTopics.input()
                        + "); choose another --run-id");
            }
        }
        Path dir = out != null ? out : Path.of("replays", runId);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("descent: replaying %s (%,d records%s) through %d learners%s as run '%s', %s%n", range.describe(),
                range.size(), epochs > 1 ? " × " + epochs + " epochs" : "", learners.size(),
                config.modelKeys().on() ? " per '" + config.modelKeys().field() + "' and globally" : "", runId,
                ReplayRun.readsInPlace(range, epochs) ? "reading the topic in place"
                        : "copying the range into " + ReplayRun.topics(runId).input() + " first");
        err.flush();
        ProgressBar bar = new ProgressBar(err, range.size() * epochs, System.console() != null);
        ReplayRun.Result result;
        try {
            result = new ReplayRun(bootstrapServers, overrides, !atLeastOnce)
                    .run(range, epochs, runId, config, window, bar, app -> http.start(app, runId));
        } finally {
            bar.done();
        }
        ReportFiles.write(dir, result.report());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(format == EvaluateCommand.Format.json ? result.report().toJson() + "\n" : result.report().toTable());
        stdout.flush();
        err.println("descent: report and loss chart in " + dir.toAbsolutePath() + "; outputs in topics "
                + ReplayRun.topics(runId).predictions() + ", -loss, -models");
        err.flush();
        return 0;
    }
}
