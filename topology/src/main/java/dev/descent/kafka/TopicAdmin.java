package dev.descent.kafka;

import dev.descent.Poll;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Topic chores on any cluster, embedded or not: create what is missing and wait until every
 * partition has a leader, so that the first produce request is not lost to a partition that is
 * not ready yet (KAFKA-15591).
 */
public final class TopicAdmin {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final long REQUEST_TIMEOUT_MS = 5_000;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Admin admin;

    public TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /**
     * An admin client for a command: the user's client properties (security etc.) with the
     * cluster's address, and timeouts short enough that an unreachable cluster is reported, not waited on.
     */
    public static Admin connect(String bootstrapServers, Map<String, String> clientProperties) {
        Map<String, Object> props = new java.util.HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(props);
    }

    /**
     * Returns once a broker of the cluster answers; says where it looked and for how long when none does,
     * instead of letting the first real request time out with no word about why.
     */
    public void awaitCluster(String bootstrapServers) {
        long start = System.nanoTime();
        try {
            admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "no Kafka broker answered at %s in %.0f s (is it running, and is that its address?)",
                    bootstrapServers, (System.nanoTime() - start) / 1e9), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching " + bootstrapServers, e);
        }
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

    /**
     * Sets each topic's configs as its definition gives them, on a topic that existed before too,
     * and leaves its other configs as they are: for the embedded broker, whose topics are Descent's
     * to configure (a cluster somebody else runs is left alone).
     */
    public void configure(List<NewTopic> topics) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (NewTopic topic : topics) {
            if (topic.configs() != null && !topic.configs().isEmpty()) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), topic.configs().entrySet().stream()
                        .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                        .toList());
            }
        }
        try {
            admin.incrementalAlterConfigs(changes).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot configure topics " + topics.stream().map(NewTopic::name).toList()
                    + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring topics", e);
        }
    }

    /** What each named topic keeps, as the cluster reports it (its defaults included), in the order given. */
    public Map<String, Retention> retention(List<String> names) {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        try {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<String, Retention> retention = new LinkedHashMap<>();
            for (ConfigResource resource : resources) {
                Config config = configs.get(resource);
                retention.put(resource.name(), new Retention(
                        Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value()),
                        Long.parseLong(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value())));
            }
            return retention;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the configs of " + names + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic configs", e);
        }
    }

    /**
     * Waits until each topic exists and every partition has a leader and a non-empty ISR, and
     * answers for its end offset.
     */
    public void awaitReady(List<String> names) {
        try {
            Poll.until(READY_TIMEOUT, POLL_INTERVAL, () -> ready(names), () -> new IllegalStateException(
                    "timed out after " + READY_TIMEOUT + " waiting for topics " + names + " to have leaders"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics " + names, e);
        }
    }

    /**
     * The offset {@code group} has committed on {@code partition}, 0 while it has none (a group
     * exists only from its first commit, and a slow answer is asked again by the caller's next poll).
     */
    public long committedOffset(String group, TopicPartition partition) throws InterruptedException {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(partition);
            return offset == null ? 0 : offset.offset();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** The offset after the last record of {@code partition}, its transaction markers included. */
    public long endOffset(TopicPartition partition) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offset of " + partition + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offset of " + partition, e);
        }
    }

    /**
     * Commits {@code offset} on {@code partition} for {@code group}, which must have no active
     * members: a consumer group (or Kafka Streams application) started afterwards begins there.
     */
    public void commitOffset(String group, TopicPartition partition, long offset) {
        try {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all()
                    .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot commit offset " + offset + " of " + partition + " for group "
                    + group + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing an offset for group " + group, e);
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
            throw new IllegalStateException("cannot describe topics " + names + ": " + why(e), e);
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
        if (!descriptions.values().stream().flatMap(d -> d.partitions().stream()).allMatch(TopicAdmin::hasLeader)) {
            return false;
        }
        // A leader in the metadata is not yet a partition the broker serves: on a busy broker a producer
        // that went by the metadata alone had whole batches sit unsent until their delivery timeout.
        // Asking every partition's leader for its end offset goes to the partition itself.
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(p ->
                ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(ends).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** What went wrong, in words: a timeout's own message is null. */
    private static String why(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return e instanceof TimeoutException ? "no answer within " + REQUEST_TIMEOUT_MS / 1000 + " s"
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty() && !partition.isr().isEmpty();
    }
}
