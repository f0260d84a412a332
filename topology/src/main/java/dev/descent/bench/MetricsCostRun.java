package dev.descent.bench;

import dev.descent.observe.Observability;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * What metrics cost a Descent app: its throughput (as {@link ThroughputRun} times it) while its
 * metrics are scraped every second, as a busy Prometheus would. That throughput next to the same
 * app without metrics mostly shows the machine's noise; what the scrapes take from the app is
 * their own CPU time against all the CPU time the machine had during the run.
 */
public final class MetricsCostRun {

    /** The app's rate, and the scrapes' CPU time: per scrape, and as a share of the machine's. */
    public record MetricsCost(double recordsPerSecond, int scrapes, double cpuMillisPerScrape, double machineShare) {
    }

    private MetricsCostRun() {
    }

    /**
     * Runs {@code config} under {@code streams} over the first {@code records} records of {@code input},
     * its metrics tagged with {@code runId}.
     */
    public static MetricsCost measure(DescentConfig config, Properties streams, String runId, Admin admin, String input,
                                      long records, Duration timeout) throws InterruptedException, IOException {
        try (DescentApp descent = new DescentApp(config, streams);
             Observability observability = Observability.start(descent, new InetSocketAddress("127.0.0.1", 0), runId)) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            AtomicLong scrapeNanos = new AtomicLong();
            AtomicInteger scrapes = new AtomicInteger();
            ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
            scraper.scheduleAtFixedRate(() -> {
                long cpu = threads.getCurrentThreadCpuTime();
                observability.scrape();
                scrapeNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
                scrapes.incrementAndGet();
            }, 1, 1, TimeUnit.SECONDS);
            long start = System.nanoTime();
            try {
                double rate = ThroughputRun.measure(descent, streams.getProperty("application.id"), admin, input, records,
                        timeout);
                double machineNanos = (double) (System.nanoTime() - start) * Runtime.getRuntime().availableProcessors();
                return new MetricsCost(rate, scrapes.get(), scrapeNanos.get() / 1e6 / Math.max(1, scrapes.get()),
                        scrapeNanos.get() / machineNanos);
            } finally {
                scraper.shutdownNow();
            }
        }
    }
}
