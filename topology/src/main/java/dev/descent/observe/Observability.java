package dev.descent.observe;

import dev.descent.topology.DescentApp;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** Metrics and the HTTP port of one running app, opened and closed together. */
public final class Observability implements AutoCloseable {
    static final List<String> KAFKA_KEPT = List.of("kafka.stream.thread.", "kafka.stream.alive", "kafka.stream.failed",
            "kafka.consumer.fetch.manager.", "kafka.producer.topic.");

    private final PrometheusMeterRegistry registry;
    private final DescentMetrics metrics;
    private final LiveServer server;

    private Observability(PrometheusMeterRegistry registry, DescentMetrics metrics, LiveServer server) {
        this.registry = registry;
        this.metrics = metrics;
        this.server = server;
    }

    public static Observability start(DescentApp app, InetSocketAddress address, String runId) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The Kafka clients expose hundreds of per-node, per-request and admin-client metrics; a scrape
        // renders every meter, so only the Streams thread, fetch (lag, consumption) and producer
        // topic families are kept (docs/metrics.md).
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && KAFKA_KEPT.stream().noneMatch(id.getName()::startsWith)));
        // Thread counts by state take a dump of every thread per state, six per scrape: an eighth of its time.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("jvm.threads.states"));
        DescentMetrics metrics = DescentMetrics.bind(registry, app, runId);
        try {
            return new Observability(registry, metrics, LiveServer.start(address, app, registry, runId));
        } catch (IOException | RuntimeException e) {
            metrics.close();
            registry.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
        registry.close();
    }
}
