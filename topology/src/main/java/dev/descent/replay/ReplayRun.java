package dev.descent.replay;

import dev.descent.Poll;
import dev.descent.data.ProduceProgress;
import dev.descent.evaluate.LearnerResult;
import dev.descent.evaluate.LearnerTrace;
import dev.descent.evaluate.Report;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.PredictionFormat;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One replay under the application id {@code descent-replay-RUN}: the Descent topology runs over
 * the range and stops by itself once it has committed the range's last input offset, and the
 * report is computed from the run's {@code predictions} topic, record by record, with the same
 * {@link dev.descent.evaluate.LearnerTrace} that {@code evaluate} uses (see {@link PredictionScorer}),
 * plus each learner's final state.
 *
 * <p>A single pass over a single-partition topic reads the topic in place: the run's group starts
 * at the range's first offset and the topology passes over records from its end offset on. Several
 * partitions (merged into one order) or several epochs are first copied into the run's own
 * single-partition input topic, {@code replay-RUN-input} (see {@link RangeCopy}).
 *
 * <p>The run's topics are {@code replay-RUN-predictions}, {@code -loss}, {@code -models},
 * {@code -dead-letters} and, when copied, {@code -input}; they stay after the run, as its results.
 *
 * <p>With model keys the topology repartitions the records by key through {@code replay-RUN-models-keyed}
 * (see {@link Topics#keyed()}), of {@value #KEYED_PARTITIONS} partition, and the report compares
 * the keys' learners with the global ones ({@link KeyedScores}).
 */
public final class ReplayRun {
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** A run that commits nothing new for this long is stuck, not slow. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration SCORING_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Partitions of a keyed replay's repartition topic: with one, its global learners see every record
     * in input order, exactly as the learners of a replay without keys do, so the two compare.
     */
    public static final int KEYED_PARTITIONS = 1;

    private final String bootstrapServers;
    private final Map<String, String> overrides;
    private final boolean exactlyOnce;

    public ReplayRun(String bootstrapServers, Map<String, String> overrides, boolean exactlyOnce) {
        this.bootstrapServers = bootstrapServers;
        this.overrides = Map.copyOf(overrides);
        this.exactlyOnce = exactlyOnce;
    }

    /**
     * The report, and where the time went: copying the range (while the topology already learns; 0
     * when read in place), the topology from its start to its last commit (the report's
     * records/s), and scoring what predictions were left when the topology stopped.
     */
    public record Result(Report report, double copySeconds, double seconds, double reportSeconds) {
    }

    public static Topics topics(String runId) {
        String prefix = "replay-" + runId + "-";
        return new Topics(prefix + "input", prefix + "predictions", prefix + "loss", prefix + "models",
                prefix + "dead-letters", prefix + "drift", prefix + "expired");
    }

    public static String applicationId(String runId) {
        return "descent-replay-" + runId;
    }

    /**
     * Replays {@code range} {@code epochs} times through {@code template}'s schema and learners
     * (its topics are replaced by the run's). {@code progress} sees records processed against
     * {@link ReplayRange#size()}·epochs; {@code observe} may attach metrics to the app while it runs.
     */
    public Result run(ReplayRange range, int epochs, String runId, DescentConfig template, int window,
                      Consumer<ProduceProgress> progress, Function<DescentApp, AutoCloseable> observe)
            throws InterruptedException {
        Topics runTopics = topics(runId);
        boolean keyed = template.modelKeys().on();
        if (keyed && template.modelKeys().partitionsFor(1) != KEYED_PARTITIONS) {
            throw new IllegalArgumentException("a replay learns its keys on " + KEYED_PARTITIONS + " partition, not "
                    + template.modelKeys().partitionsFor(1));
        }
        DescentConfig config = new DescentConfig(runTopics, template.schema(), template.learners(), template.lossEvery(),
                template.modelsEvery()).withPredictionFormat(PredictionFormat.DOUBLES).withChampion(template.champion())
                .withModelKeys(template.modelKeys());
        boolean inPlace = readsInPlace(range, epochs);
        TopicPartition input;
        long inputEnd;
        if (inPlace) {
            int partition = range.partitions().get(0);
            input = new TopicPartition(range.topic(), partition);
            inputEnd = range.end().get(partition);
            config = config.endingAt(range.topic(), inputEnd);
        } else {
            input = new TopicPartition(runTopics.input(), 0);
            inputEnd = -1;      // known once copied
        }
        String applicationId = applicationId(runId);
        try (Admin admin = TopicAdmin.connect(bootstrapServers, overrides)) {
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            List<NewTopic> definitions = keyed ? runTopics.keyedDefinitions(1, KEYED_PARTITIONS) : runTopics.definitions();
            topicAdmin.create(definitions.stream().filter(t -> !inPlace || !t.name().equals(runTopics.input())).toList());
            if (inPlace) {
                topicAdmin.commitOffset(applicationId, input, range.start().get(input.partition()));
            }
            try (PredictionScorer scorer = new PredictionScorer(bootstrapServers, overrides, runTopics.predictions(),
                    config.learners(), window, keyed)) {
                List<LearnerSlot> slots;
                long deadLetters;
                long records;
                double copySeconds = 0;
                double seconds;
                // A copy is learned from while it is being written, and the scorer reads the predictions while
                // they are being committed: the phases overlap.
                try (DescentApp app = new DescentApp(config, StreamsSettings.properties(applicationId, bootstrapServers,
                        exactlyOnce, overrides))) {
                    try (AutoCloseable ignored = observe.apply(app)) {
                        app.start(START_TIMEOUT);
                        scorer.start();
                        long start = System.nanoTime();
                        if (!inPlace) {
                            inputEnd = new RangeCopy(bootstrapServers, overrides).copy(range, epochs, runTopics.input());
                            copySeconds = (System.nanoTime() - start) / 1e9;
                        }
                        awaitCommitted(app, topicAdmin, applicationId, input, inputEnd, range.size() * epochs, progress);
                        if (keyed) {
                            // Every record is on the repartition topic once the input is committed; the learners
                            // have learned them once their own task has committed up to its end.
                            TopicPartition repartitioned = new TopicPartition(runTopics.keyed(), 0);
                            awaitCommitted(app, topicAdmin, applicationId, repartitioned,
                                    topicAdmin.endOffset(repartitioned), range.size() * epochs, progress);
                        }
                        seconds = (System.nanoTime() - start) / 1e9;
                        slots = app.learners();
                        records = app.counters().recordsIn();
                        deadLetters = app.counters().deadLetters();
                    } catch (InterruptedException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("closing the observers of " + applicationId + ": " + e.getMessage(), e);
                    }
                }
                long scoring = System.nanoTime();
                scorer.finish(SCORING_TIMEOUT);
                Report report = report(range, epochs, config, slots, records, deadLetters, seconds, scorer);
                return new Result(report, copySeconds, seconds, (System.nanoTime() - scoring) / 1e9);
            }
        }
    }

    /** Whether a replay of {@code range} reads the topic in place rather than copying it first. */
    public static boolean readsInPlace(ReplayRange range, int epochs) {
        return epochs == 1 && range.partitions().size() == 1;
    }

    /**
     * Waits until the app has committed {@code end} on {@code input}: Kafka Streams commits its
     * consumer's position, which passes transaction markers and aborted records too. Progress
     * counts the records processed against {@code total}.
     */
    private static void awaitCommitted(DescentApp app, TopicAdmin admin, String group, TopicPartition input, long end,
                                       long total, Consumer<ProduceProgress> progress) throws InterruptedException {
        long start = System.nanoTime();
        long committed = -1;
        while (committed < end) {
            long before = committed;
            // A wait for the next commit, not for the end: a long range is slow, a run that stops committing is stuck.
            committed = Poll.untilPresent(STALL_TIMEOUT, POLL_INTERVAL, () -> {
                failIfStopped(app, group, input, before, end);
                long now = admin.committedOffset(group, input);
                progress.accept(new ProduceProgress(Math.min(total, app.counters().recordsIn()),
                        Duration.ofNanos(System.nanoTime() - start)));
                return now > before ? Optional.of(now) : Optional.empty();
            }, () -> new IllegalStateException("the replay application " + group + " committed nothing for "
                    + STALL_TIMEOUT + " (offset " + before + " of " + input + ", the range ends at " + end + ")"));
        }
    }

    private static void failIfStopped(DescentApp app, String group, TopicPartition input, long committed, long end) {
        KafkaStreams.State state = app.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR) {
            throw new IllegalStateException("the replay application " + group + " stopped (" + state + ") at offset "
                    + committed + " of " + input + ", before the range's end " + end);
        }
    }

    /**
     * A global learner that was never stored: with keys alone ({@code --no-key-fallback --no-warm-start})
     * the global learners learn only the records without a key, and there may be none. Without keys
     * every learner is stored at the first commit, and one missing is a fault.
     */
    private static Learner unlearned(DescentConfig config, LearnerConfig learner) {
        if (!config.modelKeys().on()) {
            throw new IllegalStateException("no final state for learner " + learner.id());
        }
        return new Learner(learner, config.schema().featureCount());
    }

    /** The verdict from the scored predictions and each learner's final state. */
    private static Report report(ReplayRange range, int epochs, DescentConfig config, List<LearnerSlot> slots,
                                 long records, long deadLetters, double seconds, PredictionScorer scorer) {
        List<LearnerResult> results = new ArrayList<>();
        for (LearnerConfig learner : config.learners()) {
            Learner last = slots.stream().map(LearnerSlot::learner).filter(l -> l.config().id().equals(learner.id()))
                    .findFirst().orElseGet(() -> unlearned(config, learner));
            results.add(LearnerResult.of(last, scorer.trace(learner.id()), seconds));
        }
        String source = "topic " + range.describe() + (epochs > 1 ? " × " + epochs + " epochs" : "");
        Report report = Report.of(source, records, deadLetters, scorer.unlabeled(), config.schema().featureCount(), null, null,
                results);
        return scorer.keyed() == null ? report
                : report.withKeyed(scorer.keyed().comparison(config.modelKeys().field(), report.best()));
    }
}
