package dev.descent.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Topic chores on any cluster, embedded or not: create what is missing and wait until every
 * partition has a leader, so that the first produce request is not lost to a partition that is
 * not ready yet (KAFKA-15591).
 */
public final class TopicAdmin {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final long REQUEST_TIMEOUT_MS = 5_000;
    private static final long POLL_INTERVAL_MS = 20;

    private final Admin admin;

    public TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Creates the topics that do not exist yet (existing ones are kept as they are) and waits until all are ready. */
    public void create(List<NewTopic> topics) {
        try {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics.stream().map(NewTopic::name).toList(), e);
        }
        awaitReady(topics.stream().map(NewTopic::name).toList());
    }

    /** Waits until each topic exists and every partition has a leader and a non-empty ISR. */
    public void awaitReady(List<String> names) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (!ready(names)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for topics "
                            + names + " to have leaders");
                }
                TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics " + names, e);
        }
    }

    /** Partition counts of the topics that exist, by name; missing topics are absent from the map. */
    public Map<String, Integer> partitionCounts(Set<String> names) {
        try {
            Set<String> existing = admin.listTopics().names().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<String> wanted = names.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(wanted).allTopicNames().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return descriptions.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        }
    }

    private boolean ready(List<String> names) throws InterruptedException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(names).allTopicNames().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false; // e.g. UnknownTopicOrPartition while metadata propagates: ask again
        }
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(TopicAdmin::hasLeader);
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty() && !partition.isr().isEmpty();
    }
}
