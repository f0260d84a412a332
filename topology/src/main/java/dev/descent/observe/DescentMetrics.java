package dev.descent.observe;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DeadLetterReason;
import dev.descent.topology.DescentApp;
import dev.descent.topology.LearnerSnapshot;
import dev.descent.topology.LiveLearners;
import dev.descent.topology.ProcessingCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Registers Descent's meters (documented in docs/metrics.md) on a registry: per learner, read
 * from the live snapshots; per application, from the processing counters; plus the Kafka Streams
 * client's and the JVM's own. Meters read state when scraped, so learning pays nothing for them.
 */
public final class DescentMetrics implements AutoCloseable {
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private DescentMetrics(KafkaStreamsMetrics streamsMetrics) {
        this.streamsMetrics = streamsMetrics;
    }

    public static DescentMetrics bind(MeterRegistry registry, DescentApp app, String runId) {
        Tags run = Tags.of("run_id", runId);
        LiveLearners live = app.live();
        for (LearnerConfig config : app.config().learners()) {
            bindLearner(registry, live, config, run);
        }
        ProcessingCounters counters = app.counters();
        FunctionCounter.builder("descent.records.in", counters, ProcessingCounters::recordsIn)
                .description("input records read").tags(run).register(registry);
        FunctionCounter.builder("descent.predictions", counters, ProcessingCounters::predictions)
                .description("prediction records written").tags(run).register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            FunctionCounter.builder("descent.dead.letters", counters, c -> c.deadLetters(reason))
                    .description("records sent to the dead-letter topic, by reason")
                    .tags(run).tag("reason", reason.header()).register(registry);
        }
        DescentMetrics metrics = new DescentMetrics(new KafkaStreamsMetrics(app.streams()));
        metrics.streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        metrics.gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return metrics;
    }

    private static void bindLearner(MeterRegistry registry, LiveLearners live, LearnerConfig config, Tags run) {
        String id = config.id();
        Tags tags = run.and(
                "learner", id,
                "model", config.model().name().toLowerCase(Locale.ROOT),
                "optimizer", config.optimizer().name().toLowerCase(Locale.ROOT),
                "learning_rate", java.math.BigDecimal.valueOf(config.schedule().rate()).toPlainString(),
                "batch_size", Integer.toString(config.batchSize()));
        gauge(registry, "descent.learner.loss", "training loss of the latest labeled record", live, id, tags, LearnerSnapshot::loss);
        gauge(registry, "descent.learner.loss.mean", "mean training loss so far", live, id, tags, LearnerSnapshot::meanLoss);
        gauge(registry, "descent.learner.rmse", "prequential RMSE, label units", live, id, tags, LearnerSnapshot::rmse);
        gauge(registry, "descent.learner.mae", "prequential mean absolute error, label units", live, id, tags, LearnerSnapshot::mae);
        gauge(registry, "descent.learner.gradient.norm", "L2 norm of the latest gradient", live, id, tags, LearnerSnapshot::gradientNorm);
        gauge(registry, "descent.learner.weight.norm", "L2 norm of the parameters", live, id, tags, LearnerSnapshot::weightNorm);
        gauge(registry, "descent.learner.learning.rate", "effective learning rate of the latest step", live, id, tags,
                LearnerSnapshot::learningRate);
        gauge(registry, "descent.learner.stability.bound", "full-batch stability bound 2/lambda_max", live, id, tags,
                LearnerSnapshot::stabilityBound);
        gauge(registry, "descent.learner.per.sample.bound", "per-sample stability bound 1/max|x|^2", live, id, tags,
                LearnerSnapshot::perSampleBound);
        gauge(registry, "descent.learner.converged", "1 while converged", live, id, tags,
                s -> s.status() == Learner.Status.CONVERGED ? 1 : 0);
        gauge(registry, "descent.learner.diverged", "1 once diverged", live, id, tags,
                s -> s.status() == Learner.Status.DIVERGED ? 1 : 0);
        counter(registry, "descent.learner.steps", "parameter updates", live, id, tags, s -> s.steps());
        counter(registry, "descent.learner.records.learned", "labeled records learned", live, id, tags, s -> s.records());
        counter(registry, "descent.learner.records.predicted", "records predicted", live, id, tags, s -> s.predicted());
        counter(registry, "descent.learner.skipped.updates", "updates skipped to keep parameters finite", live, id, tags,
                s -> s.skippedUpdates());
    }

    private static void gauge(MeterRegistry registry, String name, String description, LiveLearners live, String id,
                              Tags tags, ToDoubleFunction<LearnerSnapshot> value) {
        Gauge.builder(name, live, l -> read(l, id, value)).description(description).tags(tags).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LiveLearners live, String id,
                                Tags tags, ToDoubleFunction<LearnerSnapshot> value) {
        FunctionCounter.builder(name, live, l -> {
            double v = read(l, id, value);
            return Double.isNaN(v) ? 0 : v;
        }).description(description).tags(tags).register(registry);
    }

    private static double read(LiveLearners live, String id, ToDoubleFunction<LearnerSnapshot> value) {
        LearnerSnapshot s = live.get(id);
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

    @Override
    public void close() {
        streamsMetrics.close();
        gcMetrics.close();
    }
}
