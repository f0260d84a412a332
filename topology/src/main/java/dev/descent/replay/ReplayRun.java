package dev.descent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.ProduceProgress;
import dev.descent.evaluate.LearnerResult;
import dev.descent.evaluate.LearnerTrace;
import dev.descent.evaluate.Report;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One replay: the range is copied into the run's own single-partition input topic (see
 * {@link RangeCopy}), the Descent topology runs over it under the application id
 * {@code descent-replay-RUN} and stops by itself once it has committed the last input offset, and
 * the report is computed from the run's {@code predictions} topic, record by record, with the same
 * {@link LearnerTrace} that {@code evaluate} uses, plus each learner's final state.
 *
 * <p>The run's topics are {@code replay-RUN-input}, {@code -predictions}, {@code -loss},
 * {@code -models} and {@code -dead-letters}; they stay after the run, as its results.
 */
public final class ReplayRun {
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** A run that commits nothing new for this long is stuck, not slow. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 50;

    private final String bootstrapServers;
    private final Map<String, String> overrides;
    private final Path stateDir;
    private final boolean exactlyOnce;

    public ReplayRun(String bootstrapServers, Map<String, String> overrides, Path stateDir, boolean exactlyOnce) {
        this.bootstrapServers = bootstrapServers;
        this.overrides = Map.copyOf(overrides);
        this.stateDir = stateDir;
        this.exactlyOnce = exactlyOnce;
    }

    /** The report, and the seconds the topology took over the run's records (copy and report not included). */
    public record Result(Report report, double seconds) {
    }

    public static Topics topics(String runId) {
        String prefix = "replay-" + runId + "-";
        return new Topics(prefix + "input", prefix + "predictions", prefix + "loss", prefix + "models",
                prefix + "dead-letters");
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
        Topics topics = topics(runId);
        DescentConfig config = new DescentConfig(topics, template.schema(), template.learners(), template.lossEvery(),
                template.modelsEvery());
        try (Admin admin = TopicAdmin.connect(bootstrapServers, overrides)) {
            new TopicAdmin(admin).create(topics.definitions());
            long records = new RangeCopy(bootstrapServers, overrides).copy(range, epochs, topics.input());
            String applicationId = applicationId(runId);
            List<LearnerSlot> slots;
            long deadLetters;
            double seconds;
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties(applicationId, bootstrapServers,
                    exactlyOnce, stateDir, overrides))) {
                try (AutoCloseable ignored = observe.apply(app)) {
                    app.start(START_TIMEOUT);
                    seconds = awaitCommitted(app, admin, applicationId, new TopicPartition(topics.input(), 0), records,
                            progress);
                    slots = app.learners();
                    deadLetters = app.counters().deadLetters();
                } catch (InterruptedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("closing the observers of " + applicationId + ": " + e.getMessage(), e);
                }
            }
            return report(range, epochs, config, slots, records, deadLetters, seconds, topics.predictions(), window);
        }
    }

    /** Waits until the app has committed {@code records} input offsets; returns the seconds it took. */
    private static double awaitCommitted(DescentApp app, Admin admin, String group, TopicPartition input, long records,
                                         Consumer<ProduceProgress> progress) throws InterruptedException {
        long start = System.nanoTime();
        long committed = 0;
        long lastMove = start;
        while (committed < records) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            KafkaStreams.State state = app.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("the replay application " + group + " stopped (" + state + ") after "
                        + committed + " of " + records + " records");
            }
            long now = new TopicAdmin(admin).committedOffset(group, input);
            if (now > committed) {
                committed = now;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the replay application " + group + " committed nothing for "
                        + STALL_TIMEOUT + " (" + committed + " of " + records + " records)");
            }
            progress.accept(new ProduceProgress(Math.min(records, app.counters().recordsIn()),
                    Duration.ofNanos(System.nanoTime() - start)));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Scores every learner from the run's predictions, in order, as {@code evaluate} scores rows. */
    private Result report(ReplayRange range, int epochs, DescentConfig config, List<LearnerSlot> slots, long records,
                          long deadLetters, double seconds, String predictions, int window) {
        Map<String, LearnerTrace> traces = new LinkedHashMap<>();
        Map<String, LearnerConfig> byId = new HashMap<>();
        for (LearnerConfig learner : config.learners()) {
            traces.put(learner.id(), new LearnerTrace(window));
            byId.put(learner.id(), learner);
        }
        long[] unlabeled = {0};
        readAll(predictions, prediction -> {
            JsonNode label = prediction.get("label");
            if (label == null || label.isNull()) {
                unlabeled[0]++;
                return;
            }
            JsonNode values = prediction.get("predictions");
            for (Map.Entry<String, LearnerTrace> entry : traces.entrySet()) {
                LearnerConfig learner = byId.get(entry.getKey());
                JsonNode value = values.get(entry.getKey());
                double y = label.doubleValue();
                double target = learner.isClassifier() ? (y > learner.threshold() ? 1 : 0) : y;
                entry.getValue().add(value == null || value.isNull() ? Double.NaN : value.doubleValue(), target);
            }
        });
        List<LearnerResult> results = new ArrayList<>();
        for (LearnerConfig learner : config.learners()) {
            LearnerSlot slot = slots.stream().filter(s -> s.learner().config().id().equals(learner.id())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no final state for learner " + learner.id()));
            LearnerTrace trace = traces.get(learner.id());
            results.add(LearnerResult.of(slot.learner(), trace, seconds));
        }
        String source = "topic " + range.describe() + (epochs > 1 ? " × " + epochs + " epochs" : "");
        Report report = Report.of(source, records, deadLetters, unlabeled[0], config.schema().featureCount(), null, null,
                results);
        return new Result(report, seconds);
    }

    /** Hands every committed record of partition 0 of {@code topic}, parsed, to {@code sink} in offset order. */
    private void readAll(String topic, Consumer<JsonNode> sink) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(RangeCopy.committedReader(bootstrapServers, overrides))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(JSON.readTree(record.value()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a record of " + topic + " is not the JSON the topology writes", e);
        }
    }
}
