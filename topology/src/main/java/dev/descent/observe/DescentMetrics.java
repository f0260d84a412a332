package dev.descent.observe;

import dev.descent.topology.DeadLetterReason;
import dev.descent.topology.DescentApp;
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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Registers Descent's per-application meters (documented in docs/metrics.md) on a registry, read
 * from the processing counters when scraped, plus the Kafka Streams client's and the JVM's own.
 * The per-learner families are not meters: {@link LearnerMetrics} writes them.
 */
public final class DescentMetrics implements AutoCloseable {
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final GroupLag lag;
    private final ListingMetrics listings;      // null without listings

    private DescentMetrics(KafkaStreamsMetrics streamsMetrics, GroupLag lag, ListingMetrics listings) {
        this.streamsMetrics = streamsMetrics;
        this.lag = lag;
        this.listings = listings;
    }

    public static DescentMetrics bind(MeterRegistry registry, DescentApp app, String runId) {
        Tags run = Tags.of("run_id", runId);
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
        if (app.config().replication().replicated()) {
            FunctionCounter.builder("descent.merged.deltas", counters, ProcessingCounters::mergedDeltas)
                    .description("replicas' deltas merged into the global learners by this instance's merger")
                    .tags(run).register(registry);
            FunctionCounter.builder("descent.duplicate.deltas", counters, ProcessingCounters::duplicateDeltas)
                    .description("deltas that came again after being merged, and were not merged twice")
                    .tags(run).register(registry);
            FunctionCounter.builder("descent.merged.delta.staleness", counters, ProcessingCounters::staleVersions)
                    .description("versions merged between each delta's base and its own merge, summed over merged deltas")
                    .tags(run).register(registry);
        }
        ListingMetrics listings = app.config().listings().on() ? ListingMetrics.bind(registry, counters, run) : null;
        LiveLearners live = app.live();
        FunctionCounter.builder("descent.champion.changes", live, LiveLearners::championChanges)
                .description("changes of the learner whose price the predictions serve, summed over this instance's partitions")
                .tags(run).register(registry);
        for (String id : live.ids()) {
            Gauge.builder("descent.champion", live, l -> id.equals(l.champion()) ? 1 : 0)
                    .description("1 for the learner whose price the predictions serve, 0 for the others")
                    .tags(run).tag("learner", id).register(registry);
        }
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("descent.app.state", app, a -> a.state() == state ? 1 : 0)
                    .description("1 for the Kafka Streams state the app is in (running, rebalancing, …), 0 for the others")
                    .tags(run).tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        GroupLag lag = GroupLag.start(app.properties(), app.properties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                app.config().topics().input(), registry, run);
        DescentMetrics metrics = new DescentMetrics(new KafkaStreamsMetrics(app.streams()), lag, listings);
        metrics.streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        metrics.gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return metrics;
    }

    /** With listings, the median label delay of the latest sales this process saw, in days; else NaN. */
    public double medianLabelDelayDays() {
        return listings == null ? Double.NaN : listings.medianDays();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        gcMetrics.close();
        lag.close();
    }
}
