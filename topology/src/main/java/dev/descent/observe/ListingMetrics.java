package dev.descent.observe;

import dev.descent.topology.ProcessingCounters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The meters of listings and sales (docs/metrics.md), registered only when houses come as
 * listings: the pending, sold and expired listings, the oldest pending listing's age, and each
 * sale's label delay as a histogram in days. The delays of the latest {@link #RECENT} sales are
 * also kept for the median the live page shows.
 */
final class ListingMetrics implements LongConsumer {
    /** Sales whose delays the median is taken over. */
    static final int RECENT = 1_000;
    /**
     * Bucket bounds in days, for {@code histogram_quantile}: a day, a week, two, then roughly monthly
     * up to the default label window of 180 days; the quantiles are interpolated within a bucket.
     */
    static final double[] DELAY_BUCKETS_DAYS = {1, 7, 14, 30, 60, 90, 180};
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private final DistributionSummary labelDelays;
    private final long[] recent = new long[RECENT];
    private long sales;

    private ListingMetrics(DistributionSummary labelDelays) {
        this.labelDelays = labelDelays;
    }

    /** Registers the meters on {@code registry} and has {@code counters} report each sale's label delay to them. */
    static ListingMetrics bind(MeterRegistry registry, ProcessingCounters counters, Tags run) {
        Gauge.builder("descent.listings.pending", counters, ProcessingCounters::pendingListings)
                .description("houses listed and waiting for their sale").tags(run).register(registry);
        FunctionCounter.builder("descent.listings.sold", counters, ProcessingCounters::soldListings)
                .description("sales learned with their listing's predictions scored").tags(run).register(registry);
        FunctionCounter.builder("descent.listings.expired", counters, ProcessingCounters::expiredListings)
                .description("listings unsold for the label window, sent to the expired topic").tags(run).register(registry);
        Gauge.builder("descent.listings.oldest.pending.age", counters, c -> c.oldestPendingAgeMillis() / 1000.0)
                .baseUnit("seconds").description("event time the oldest pending listing has waited for its sale")
                .tags(run).register(registry);
        ListingMetrics metrics = new ListingMetrics(DistributionSummary.builder("descent.label.delay")
                .baseUnit("days").description("event time from a house's prediction at listing to its sale")
                .serviceLevelObjectives(DELAY_BUCKETS_DAYS).tags(run).register(registry));
        counters.onLabelDelay(metrics);
        return metrics;
    }

    /** A sale's label delay; on a stream thread, of which there may be several. */
    @Override
    public synchronized void accept(long millis) {
        labelDelays.record(millis / MILLIS_PER_DAY);
        recent[(int) (sales++ % RECENT)] = millis;
    }

    /** The median label delay of the latest {@link #RECENT} sales this process saw, in days; NaN before any. */
    synchronized double medianDays() {
        int n = (int) Math.min(sales, RECENT);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        double middle = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return middle / MILLIS_PER_DAY;
    }
}
