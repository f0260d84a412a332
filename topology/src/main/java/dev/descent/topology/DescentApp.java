package dev.descent.topology;

import dev.descent.model.GlobalLearner;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A running Descent application: the topology on a {@link KafkaStreams} client, started and
 * awaited through its state listener (never a sleep), with the learners' live state readable
 * through interactive queries.
 */
public final class DescentApp implements AutoCloseable {
    private final DescentConfig config;
    private final Properties properties;
    private final KafkaStreams streams;
    private final ProcessingCounters counters = new ProcessingCounters();
    private final LiveLearners live;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final AtomicInteger restoring = new AtomicInteger();

    public DescentApp(DescentConfig config, Properties properties) {
        this.config = config;
        this.properties = (Properties) properties.clone();
        live = new LiveLearners(config.learners());
        streams = new KafkaStreams(DescentTopology.build(config, counters, live), properties);
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoring.incrementAndGet();
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
            }
        });
        streams.setStateListener((now, before) -> {
            state.set(now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** Starts and waits until RUNNING; throws when it does not get there in time or fails. */
    public DescentApp start(Duration timeout) throws InterruptedException {
        streams.start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout
                    + " (state " + state.get() + ")");
        }
        return this;
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    /**
     * What the instance is doing, in words for the live page and {@code /api/learners}: starting,
     * waiting for partitions (a rebalance, e.g. while a dead member's session times out), restoring
     * (reading state back from the changelogs), running, idle (running with no partition of its
     * own), stopping, stopped or failed.
     */
    public String status() {
        return switch (state.get()) {
            case CREATED -> "starting";
            case REBALANCING -> restoring.get() > 0 ? "restoring" : "waiting for partitions";
            case RUNNING -> restoring.get() > 0 ? "restoring"
                    : streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()) ? "running"
                    : "idle: no partitions assigned";
            case PENDING_SHUTDOWN, PENDING_ERROR -> "stopping";
            case NOT_RUNNING -> "stopped";
            case ERROR -> "failed";
        };
    }

    public DescentConfig config() {
        return config;
    }

    /** The learners' latest figures, cheap to read from any thread. */
    public LiveLearners live() {
        return live;
    }

    /** What this instance has processed since it started. */
    public ProcessingCounters counters() {
        return counters;
    }

    /** The Kafka Streams settings it runs with: the cluster's address, its application id, security. */
    public Properties properties() {
        return (Properties) properties.clone();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The learners' current state from the local store, in store order; empty while restoring. */
    public List<LearnerSlot> learners() {
        List<LearnerSlot> slots = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DescentTopology.STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    if (LearnProcessor.isLearner(entry.key)) {
                        slots.add(LearnerSlot.decode(entry.value));
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return slots;
    }

    /**
     * On an input of several partitions, the newest global version of every learner this instance
     * has seen, in store order; empty on a single partition or while restoring.
     */
    public List<GlobalLearner> globalLearners() {
        if (!config.replication().replicated()) {
            return List.of();
        }
        List<GlobalLearner> all = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DescentTopology.VERSIONS_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, byte[]> versions = store.all()) {
                while (versions.hasNext()) {
                    all.add(GlobalLearner.decode(versions.next().value));
                }
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return all;
    }

    /**
     * One learner per id to answer a prediction with: the task's own on a single partition, the
     * newest global version on several (a partition's replica knows only part of what was learned).
     */
    public List<Learner> predictors() {
        return config.replication().replicated()
                ? globalLearners().stream().map(GlobalLearner::learner).toList()
                : learners().stream().map(LearnerSlot::learner).toList();
    }

    /** Learner state of {@code id} or null. */
    public Learner learner(String id) {
        return learners().stream().map(LearnerSlot::learner).filter(l -> l.config().id().equals(id))
                .findFirst().orElse(null);
    }

    /**
     * With {@link ModelKeys}: where the learners of {@code modelKey} live, the partition of the
     * repartition topic and the instance that holds it (its {@code application.server}, host:port);
     * empty while the app rebalances or when no instance says where it serves.
     */
    public Optional<KeyOwner> owner(String modelKey) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(DescentTopology.STORE, modelKey,
                Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost() == null) {
            return Optional.empty();
        }
        HostInfo host = metadata.activeHost();
        String here = properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        String address = host.host() + ":" + host.port();
        return Optional.of(new KeyOwner(metadata.partition(), address, address.equals(here)));
    }

    /** The partition that holds a model key and the instance that serves it, host:port; {@code local} when it is this one. */
    public record KeyOwner(int partition, String address, boolean local) {
    }

    /**
     * What this instance holds of model key {@code modelKey} on {@code partition}: the key's learners
     * (none before its first record), and that partition's global learners; empty while the
     * partition is restoring or held elsewhere.
     */
    public Optional<KeyLearners> keyLearners(String modelKey, int partition) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DescentTopology.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
            List<LearnerSlot> global = new ArrayList<>();
            for (LearnerConfig learner : config.learners()) {
                byte[] slot = store.get(learner.id());
                if (slot == null) {
                    return Optional.empty();
                }
                global.add(LearnerSlot.decode(slot));
            }
            LearnerFamily globalFamily = new LearnerFamily(null, global, config.champion());
            byte[] champion = store.get(LearnProcessor.CHAMPION_KEY);
            if (champion != null) {
                globalFamily.readChampion(champion, config.champion());
            }
            byte[] own = store.get(LearnProcessor.KEY_PREFIX + modelKey);
            LearnerFamily family = own == null ? null : LearnerFamily.decode(modelKey, own, config.champion());
            boolean young = family == null || config.modelKeys().servedByGlobal(family.labeled());
            return Optional.of(new KeyLearners(modelKey, partition,
                    family == null ? List.of() : family.slots, family == null ? -1 : family.champion.champion(),
                    globalFamily.slots, globalFamily.champion.champion(), young));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** With {@link ModelKeys}: how many keys' learners this instance's stores hold, and their bytes as stored. */
    public KeyStates keyStates() {
        long keys = 0;
        long bytes = 0;
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DescentTopology.STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, byte[]> stored = store.range(LearnProcessor.KEY_PREFIX,
                    LearnProcessor.KEY_PREFIX + Character.MAX_VALUE)) {
                while (stored.hasNext()) {
                    keys++;
                    bytes += stored.next().value.length;
                }
            }
        } catch (InvalidStateStoreException e) {
            return new KeyStates(0, 0);
        }
        return new KeyStates(keys, bytes);
    }

    /** Keys held and the bytes of their learners as stored. */
    public record KeyStates(long keys, long bytes) {
    }

    /**
     * A model key's learners as a query finds them: {@code own} empty (and {@code champion} -1)
     * before the key's first record; {@code servedByGlobal} when its price comes from the global
     * learners, as for a young key.
     */
    public record KeyLearners(String modelKey, int partition, List<LearnerSlot> own, int champion,
                              List<LearnerSlot> global, int globalChampion, boolean servedByGlobal) {
        /** Labeled records the key's learners learned. */
        public long labeled() {
            return own.isEmpty() ? 0 : own.get(0).scored();
        }
    }

    /**
     * Stops after a final commit and leaves the consumer group, so that a restart (the same
     * application id) gets its partition at once instead of after the old member's session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
