package dev.descent.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The input's lag as its consumer group sees it: the end offset of each input partition minus the
 * offset the group committed there, summed. Unlike the consumers' own lag metric it does not
 * depend on which client is alive (client ids change at every restart), and it counts what is not
 * yet committed, which is what a crash would replay. Asked every few seconds in the background,
 * so a scrape costs nothing; NaN until the first answer and while the cluster does not answer.
 */
final class GroupLag implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final ScheduledExecutorService sampler;
    private volatile double lag = Double.NaN;

    private GroupLag(Admin admin, String group, String topic) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "descent-group-lag");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling the lag of {@code group} on {@code topic}, and registers it as {@code descent.input.lag}. */
    static GroupLag start(Properties clientProperties, String group, String topic, MeterRegistry registry, Tags tags) {
        Map<String, Object> admin = new HashMap<>();
        clientProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                admin.put(k.toString(), v);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-lag");
        GroupLag lag = new GroupLag(Admin.create(admin), group, topic);
        Gauge.builder("descent.input.lag", lag, l -> l.lag).baseUnit("records")
                .description("end offsets minus the consumer group's committed offsets on the input topic")
                .tags(tags).tag("topic", topic).register(registry);
        lag.sampler.scheduleWithFixedDelay(lag::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    private void sample() {
        try {
            if (!admin.listTopics().names().get(EVERY.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                lag = Double.NaN;   // not there (yet, or any more: a replay deletes its topics); asking would log errors
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(EVERY.toMillis(), TimeUnit.MILLISECONDS);
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(EVERY.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (var end : admin.listOffsets(latest).all().get(EVERY.toMillis(), TimeUnit.MILLISECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                total += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            lag = total;
        } catch (Exception e) {
            lag = Double.NaN;      // no answer this time: say so on the dashboard rather than a stale figure
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
