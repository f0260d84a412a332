package dev.descent.observe;

import dev.descent.topology.DescentApp;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;

/** Metrics and the HTTP port of one running app, opened and closed together. */
public final class Observability implements AutoCloseable {
    static final List<String> KAFKA_KEPT = List.of("kafka.stream.thread.", "kafka.stream.alive", "kafka.stream.failed",
            "kafka.consumer.fetch.manager.", "kafka.producer.topic.");

    private final PrometheusMeterRegistry registry;
    private final DescentMetrics metrics;
    private final LearnerMetrics learners;
    /** Null without model keys. */
    private final KeyMetrics keys;
    private final LiveServer server;

    private Observability(PrometheusMeterRegistry registry, DescentMetrics metrics, LearnerMetrics learners,
                          KeyMetrics keys, LiveServer server) {
        this.registry = registry;
        this.metrics = metrics;
        this.learners = learners;
        this.keys = keys;
        this.server = server;
    }

    public static Observability start(DescentApp app, InetSocketAddress address, String runId) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The Kafka clients expose hundreds of per-node, per-request and admin-client metrics; a scrape
        // renders every meter, so only the Streams thread, fetch (lag, consumption) and producer
        // topic families are kept (docs/metrics.md).
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && KAFKA_KEPT.stream().noneMatch(id.getName()::startsWith)));
        // Each of these cost a scrape more than a hundred ordinary series: thread counts by state take a
        // dump of every thread per state, the Streams thread's blocked time walks its clients' metrics,
        // and the machine-wide CPU load reads /proc (the app's own, process.cpu.usage, stays).
        for (String costly : List.of("jvm.threads.states", "kafka.stream.thread.blocked.time", "system.cpu.usage")) {
            registry.config().meterFilter(MeterFilter.denyNameStartsWith(costly));
        }
        DescentMetrics metrics = DescentMetrics.bind(registry, app, runId);
        LearnerMetrics learners = new LearnerMetrics(app.live()::get, app.config().learners(),
                app.config().listings().on(), runId);
        KeyMetrics keys = app.config().modelKeys().on() ? new KeyMetrics(app.live(), app.config().modelKeys().metricKeys(), runId) : null;
        try {
            return new Observability(registry, metrics, learners, keys,
                    LiveServer.start(address, app, () -> scrape(registry, learners, keys), metrics::medianLabelDelayDays,
                            runId));
        } catch (IOException | RuntimeException e) {
            metrics.close();
            registry.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** The body of {@code /metrics}: the registry's meters, then the learner families, then with model keys the keys'. */
    public byte[] scrape() {
        return scrape(registry, learners, keys);
    }

    private static byte[] scrape(PrometheusMeterRegistry registry, LearnerMetrics learners, KeyMetrics keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            registry.scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering metrics into memory", e);
        }
        learners.writeTo(out);
        if (keys != null) {
            keys.writeTo(out);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
        registry.close();
    }
}
