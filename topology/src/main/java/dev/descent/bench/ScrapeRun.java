package dev.descent.bench;

import dev.descent.Poll;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseProducer;
import dev.descent.observe.Observability;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long {@code GET /metrics} takes, as Prometheus sees it, while an app learns: over HTTP, after
 * {@value #WARM_UP} untimed scrapes (Prometheus scrapes a long-running app, whose rendering code the
 * JIT has long compiled), {@value #SCRAPES} timed ones back to back.
 */
public final class ScrapeRun {
    static final int WARM_UP = 300;
    static final int SCRAPES = 200;
    /** The learners show on {@code /metrics} once their task has started, moments after the app runs. */
    private static final Duration LEARNERS_TIMEOUT = Duration.ofSeconds(60);

    /** Milliseconds per scrape, and the size of the last one. */
    public record ScrapeTime(long bytes, double p50, double p99) {
    }

    private ScrapeRun() {
    }

    /**
     * Runs {@code config} and times its scrapes. With {@code rate > 0} generated houses are fed to
     * its input at that steady rate (a live stream); with 0 the app catches up on whatever its input
     * topic already holds, using every core it can.
     */
    public static ScrapeTime measure(String bootstrap, DescentConfig config, Properties streams, double rate)
            throws InterruptedException, IOException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try (HouseProducer houses = new HouseProducer(bootstrap, Map.of())) {
                houses.produce(config.topics().input(), new HouseGenerator(11), rate, p -> { }, stop::get);
            }
        }, "scrape-producer");
        try (DescentApp app = new DescentApp(config, streams).start(Duration.ofSeconds(60));
             Observability observability = Observability.start(app, new InetSocketAddress("127.0.0.1", 0), "scrape")) {
            if (rate > 0) {
                producer.start();
            }
            int learners = config.learners().size();
            Poll.until(LEARNERS_TIMEOUT, Duration.ofMillis(50), () -> app.live().all().size() >= learners,
                    () -> new IllegalStateException("only " + app.live().all().size() + " of " + learners
                            + " learners were live " + LEARNERS_TIMEOUT + " after the app started"));
            URL metrics = URI.create("http://127.0.0.1:" + observability.port() + "/metrics").toURL();
            for (int i = 0; i < WARM_UP; i++) {
                get(metrics);
            }
            double[] millis = new double[SCRAPES];
            long bytes = 0;
            for (int i = 0; i < SCRAPES; i++) {
                long start = System.nanoTime();
                bytes = get(metrics);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            return new ScrapeTime(bytes, LatencyRun.percentile(millis, 0.5), LatencyRun.percentile(millis, 0.99));
        } finally {
            stop.set(true);
            if (producer.isAlive()) {
                producer.join();
            }
        }
    }

    /** One synchronous GET, as a scraper does it; returns the body's length. */
    private static long get(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try (InputStream body = connection.getInputStream()) {
            if (connection.getResponseCode() != 200) {
                throw new IOException(url + " answered " + connection.getResponseCode());
            }
            return body.transferTo(OutputStream.nullOutputStream());
        }
    }
}
