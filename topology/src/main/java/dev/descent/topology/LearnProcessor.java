package dev.descent.topology;

import dev.descent.model.Champion;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Test-then-train for every learner on one record: each learner predicts with its current
 * parameters; a labeled record is then scored and learned from. Emits one prediction record per
 * input (in the configured {@link PredictionFormat}), a loss report per learner every
 * {@code lossEvery} labeled records and a model snapshot every {@code modelsEvery}.
 *
 * <p>A {@link Champion} of the task's learners names the price each prediction record serves; its
 * changes, the learners' drift detections and promoted challengers go to the drift topic.
 *
 * <p>Learners live in memory between records. The learners that changed go to the store (backed
 * by a changelog) at every commit, in the same transaction as the input offsets (see
 * {@link CheckpointingStore}), so under exactly-once a crash neither loses nor repeats a step;
 * they are read back from the store whenever the task is (re)initialized.
 *
 * <p>On an input of several partitions each task holds a replica of every learner; its
 * {@link ReplicaSync} sends their deltas and rebases them, each prediction names the global
 * version it was made on, and the merger, not the replicas, writes the models topic.
 */
final class LearnProcessor implements Processor<byte[], HouseRecord, byte[], byte[]> {
    /**
     * Readers (progress lines, /metrics, the live page) want fresh figures, not one snapshot per
     * record per learner: a few per second suffice. On the wall clock, so the figures of the last
     * records are published when the input stops too.
     */
    private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(50);
    /**
     * The task's {@link TaskCounts} in the learners' store, put with the learners so that they
     * commit together; no learner id can be this key (ids have no control characters).
     */
    static final String COUNTS_KEY = "\u0000";
    /** The task's {@link Champion}, beside its counts. */
    static final String CHAMPION_KEY = "\u0001";
    /** The learners' delayed scores ({@link DelayedScores}), with {@link Listings}. */
    static final String DELAYED_KEY = "\u0002";
    /** The pending listings' days ({@link ListingDays}), with {@link Listings}. */
    static final String LISTING_DAYS_KEY = "\u0003";
    /**
     * Stream time between looks for listings, held sales and sold marks past their deadline: each look
     * is a few range scans of the pending store, so not on every record; an hour is nothing next to a
     * label window of months or a grace of a day.
     */
    static final Duration EXPIRY_INTERVAL = Duration.ofHours(1);

    private final DescentConfig config;
    private final ProcessingCounters counters;
    private final LiveLearners live;
    private final CheckpointingStore.Checkpoints checkpoints;
    private final String storeName;
    private final String predictionsNode;
    private final String lossNode;
    private final String modelsNode;
    private final String versionsStore;
    private final String deltasNode;
    private final String driftNode;
    private final String deadLettersNode;
    private final String expiredNode;
    private final SaleFeatures saleFeatures;
    private PendingStore pending;
    private final ListingDays listingDays = new ListingDays();
    private boolean delayedChanged;
    private final List<LearnerSlot> slots = new ArrayList<>();
    private final List<byte[]> ids = new ArrayList<>();
    private ReplicaSync sync;
    private long[] predicted;
    private long[] versions;
    private double[] predictions;
    private double[] losses;
    private PredictionJson predictionJson;
    private boolean[] changed;
    private Champion champion;
    private boolean championChanged;
    private boolean[] healthy;
    private double[] squaredErrors;
    private long[] drifts;
    private long[] promotions;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private TaskCounts counts;
    /** Changes to the figures as last put: they are put only after records, when Kafka Streams has a record context. */
    private long countsPut;

    /**
     * @param versionsStore on an input of several partitions, the global store of the learners'
     *                      newest versions, and {@code deltasNode} where the replicas' deltas go;
     *                      both null on a single partition
     * @param deadLettersNode where sales go that cannot be learned, and {@code expiredNode} listings
     *                      never sold, with {@link Listings}
     */
    LearnProcessor(DescentConfig config, ProcessingCounters counters, LiveLearners live,
                   CheckpointingStore.Checkpoints checkpoints, String storeName, String predictionsNode, String lossNode,
                   String modelsNode, String versionsStore, String deltasNode, String driftNode, String deadLettersNode,
                   String expiredNode) {
        this.config = config;
        this.counters = counters;
        this.live = live;
        this.checkpoints = checkpoints;
        this.storeName = storeName;
        this.predictionsNode = predictionsNode;
        this.lossNode = lossNode;
        this.modelsNode = modelsNode;
        this.versionsStore = versionsStore;
        this.deltasNode = deltasNode;
        this.driftNode = driftNode;
        this.deadLettersNode = deadLettersNode;
        this.expiredNode = expiredNode;
        this.saleFeatures = new SaleFeatures(config.schema());
    }

    /** Whether a key of the learners' store is a learner's, not one of the task's own records (a control character first). */
    static boolean isLearner(String key) {
        return key.isEmpty() || !Character.isISOControl(key.charAt(0));
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.counts = counters.task(context.taskId());
        counts.restore(store.get(COUNTS_KEY));
        countsPut = counts.changes();
        int features = config.schema().featureCount();
        slots.clear();
        ids.clear();
        sync = config.replication().replicated()
                ? new ReplicaSync(config.replication(), context, context.getStateStore(versionsStore), deltasNode,
                        config.learners().size())
                : null;
        for (LearnerConfig learner : config.learners()) {
            byte[] stored = store.get(learner.id());
            slots.add(stored != null ? LearnerSlot.decode(stored)
                    : sync != null ? new LearnerSlot(sync.start(learner, features))
                    : new LearnerSlot(new Learner(learner, features)));
            ids.add(learner.id().getBytes(StandardCharsets.UTF_8));
        }
        versions = sync != null ? new long[slots.size()] : null;
        predicted = new long[slots.size()];
        changed = new boolean[slots.size()];
        predictions = new double[slots.size()];
        losses = new double[slots.size()];
        predictionJson = new PredictionJson(config.learners().stream().map(LearnerConfig::id).toList());
        healthy = new boolean[slots.size()];
        squaredErrors = new double[slots.size()];
        drifts = new long[slots.size()];
        promotions = new long[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Learner learner = slots.get(i).learner();
            healthy[i] = learner.divergedAtRecord() < 0;
            drifts[i] = learner.drifts();
            promotions[i] = learner.promotions();
        }
        champion = new Champion(slots.size(), config.champion().window(), config.champion().margin());
        byte[] stored = store.get(CHAMPION_KEY);
        if (stored != null) {
            readChampion(stored);
        }
        champion.healthChanged(healthy);
        byte[] delayed = store.get(DELAYED_KEY);
        if (delayed != null) {
            DelayedScores.restore(delayed, slots);
        }
        if (config.listings().on()) {
            pending = new PendingStore(context);
            byte[] days = store.get(LISTING_DAYS_KEY);
            if (days != null) {
                listingDays.restore(days);
            }
            context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::expire);
        }
        live.publishChampion(context.taskId().partition(), config.learners().get(champion.champion()).id(),
                champion.changes());
        checkpoints.register(context.taskId(), this::putChanged);
        publish();
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (sync != null) {
                sync.punctuate(slots, ids, now, changed);
            }
            publish();
        });
    }

    /**
     * Puts the learners that learned since the last commit, and the task's figures; Kafka Streams
     * runs it as a commit begins.
     */
    private void putChanged() {
        if (counts.changes() != countsPut) {
            countsPut = counts.changes();
            store.put(COUNTS_KEY, counts.encode());
        }
        if (championChanged) {
            store.put(CHAMPION_KEY, writeChampion());
            championChanged = false;
        }
        if (delayedChanged) {
            store.put(DELAYED_KEY, DelayedScores.encode(slots));
            delayedChanged = false;
        }
        if (listingDays.changed()) {
            store.put(LISTING_DAYS_KEY, listingDays.encode());
        }
        for (int i = 0; i < slots.size(); i++) {
            if (changed[i]) {
                store.put(slots.get(i).learner().config().id(), slots.get(i).encode());
                changed[i] = false;
            }
        }
    }

    /** Every learner's figures as this partition has them; {@link LiveLearners} combines the partitions'. */
    private void publish() {
        int partition = context.taskId().partition();
        long now = System.currentTimeMillis();      // ReplicaSync times its syncs on the same clock
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            LearnerSnapshot snapshot = sync == null ? LearnerSnapshot.of(slot, predicted[i])
                    : LearnerSnapshot.of(slot, predicted[i], sync.sinceSync(i, now));
            live.publish(partition, snapshot, slot.score(), slot.delayedScore());
        }
    }

    @Override
    public void process(Record<byte[], HouseRecord> record) {
        HouseRecord house = record.value();
        if (pending == null || house.key() == null || house.key().isEmpty()) {
            serve(record.key(), house.key(), house.features(), house.label(), record.timestamp(), null, 0);
        } else {
            if (house.labeled()) {
                sale(record, house);
            } else {
                listing(record.key(), house, record.timestamp());
            }
            counts.listingTimes(listingDays.oldest(), context.currentStreamTimeMs());
        }
    }

    /**
     * A listing, or a listed house's update: every learner predicts (the prediction record goes out
     * as for any unlabeled record) and the features and predictions wait for the sale, the first
     * listing's time setting when they expire; a sale that came first is learned now.
     */
    private void listing(byte[] key, HouseRecord house, long time) {
        String id = house.key();
        PendingHouse before = pending.get(id);
        PendingHouse.Listing listed = before instanceof PendingHouse.Listing l ? l : null;
        double[] features = listed != null ? saleFeatures.over(listed.features(), house.features()) : house.features();
        serve(key, id, features, Double.NaN, time, null, 0);
        long listedAt = listed != null ? listed.listedAt() : time;
        PendingHouse.Listing listing = new PendingHouse.Listing(listedAt, time,
                plus(listedAt, config.listings().window()), features, predictions.clone());
        if (listed == null) {
            counts.listed();
            listingDays.listed(listedAt);
        }
        if (before instanceof PendingHouse.Sale sale) {
            sell(key, id, listing, sale.features(), sale.label(), sale.soldAt(), before);
        } else {
            pending.put(id, before, listing);
        }
    }

    /** A sale: of a pending listing, learned; a second one, refused; one before its listing, held for the grace. */
    private void sale(Record<byte[], HouseRecord> record, HouseRecord house) {
        String id = house.key();
        PendingHouse before = pending.get(id);
        if (before instanceof PendingHouse.Listing listing) {
            sell(record.key(), id, listing, house.features(), house.label(), record.timestamp(), before);
        } else if (before != null) {
            long soldAt = before instanceof PendingHouse.Sold sold ? sold.soldAt() : ((PendingHouse.Sale) before).soldAt();
            deadLetter(record.key(), house.value(), record.timestamp(), DeadLetterReason.DUPLICATE_SALE,
                    "house '" + id + "' was already sold at " + Instant.ofEpochMilli(soldAt) + "; a sale is learned once");
        } else if (config.listings().grace().isZero()) {
            unlisted(record.key(), id, house, record.timestamp(), null);
        } else {
            pending.put(id, null, new PendingHouse.Sale(record.timestamp(), plus(record.timestamp(),
                    config.listings().grace()), house.features(), house.label(), house.hasFeatures(), house.value()));
        }
    }

    /** Learns a listed house's sale: its listing's predictions scored, its listing's features under the sale's own. */
    private void sell(byte[] key, String id, PendingHouse.Listing listing, double[] saleFeatures, double label,
                      long soldAt, PendingHouse before) {
        long delay = Math.max(0, soldAt - listing.predictedAt());
        serve(key, id, this.saleFeatures.over(listing.features(), saleFeatures), label, soldAt, listing, delay);
        counts.sale();
        listingDays.gone(listing.listedAt());
        counters.labelDelay(delay);
        pending.put(id, before, new PendingHouse.Sold(soldAt, listing.deadline()));
    }

    /** A sale no listing came for: learned from its own features, or a dead letter without any. */
    private void unlisted(byte[] key, String id, HouseRecord sale, long soldAt, PendingHouse before) {
        if (!sale.hasFeatures()) {
            if (before != null) {
                pending.remove(id, before);
            }
            deadLetter(key, sale.value(), soldAt, DeadLetterReason.NO_LISTING, "no listing of house '" + id
                    + "' came within " + config.listings().grace() + " of its sale, which has no features of its own");
            return;
        }
        serve(key, id, sale.features(), sale.label(), soldAt, null, 0);
        pending.put(id, before, new PendingHouse.Sold(soldAt, plus(soldAt, config.listings().window())));
    }

    /**
     * The pending houses whose deadline has passed in stream time: listings expire (to the expired
     * topic), sold marks are forgotten, and sales held for a listing that did not come are learned
     * on their own.
     */
    private void expire(long streamTime) {
        for (List<String> due; !(due = pending.due(PendingHouse.LISTING, streamTime)).isEmpty(); ) {
            for (String id : due) {
                PendingHouse house = pending.get(id);
                pending.remove(id, house);
                if (house instanceof PendingHouse.Listing listing) {
                    counts.expiry();
                    listingDays.gone(listing.listedAt());
                    context.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8),
                            ListingEvents.expired(id, listing, streamTime, config.learners()), streamTime), expiredNode);
                }
            }
        }
        for (List<String> due; !(due = pending.due(PendingHouse.SALE, streamTime)).isEmpty(); ) {
            for (String id : due) {
                PendingHouse.Sale sale = (PendingHouse.Sale) pending.get(id);
                unlisted(id.getBytes(StandardCharsets.UTF_8), id, sale.record(id), sale.soldAt(), sale);
            }
        }
        counts.listingTimes(listingDays.oldest(), streamTime);
    }

    private static long plus(long time, Duration span) {
        long sum = time + span.toMillis();
        return sum < time ? Long.MAX_VALUE : sum;
    }

    /** A sale that cannot be learned, with its reason and, from a record (not a punctuation), its source. */
    private void deadLetter(byte[] key, byte[] value, long timestamp, DeadLetterReason reason, String detail) {
        counts.deadLetter(reason);
        Headers headers = ValidateProcessor.deadLetterHeaders(new RecordHeaders(), reason, detail,
                context.recordMetadata().orElse(null));
        context.forward(new Record<>(key, value, timestamp, headers), deadLettersNode);
    }

    /**
     * Test-then-train for every learner on one record's {@code features}, and its prediction record;
     * with {@code listing} (a sale's), the listing's predictions are scored too and the champion
     * judged on them, the price it served.
     */
    private void serve(byte[] key, String id, double[] features, double label, long timestamp,
                       PendingHouse.Listing listing, long labelDelay) {
        boolean labeled = !Double.isNaN(label);
        boolean scoreListed = listing != null && listing.predictions().length == slots.size();
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            Learner learner = slot.learner();
            predicted[i]++;
            if (versions != null) {
                versions[i] = slot.replica().baseVersion();
            }
            if (!labeled) {
                predictions[i] = learner.predict(features);
                continue;
            }
            double prediction = learner.learn(features, label);
            double target = learner.config().target(label);
            slot.score(prediction, target);
            predictions[i] = prediction;
            losses[i] = learner.lastLoss();
            changed[i] = true;
            double quoted = prediction;       // the price this record served: at its listing, if it had one
            if (scoreListed) {
                quoted = listing.predictions()[i];
                slot.scoreDelayed(quoted, target);
                delayedChanged = true;
            }
            squaredErrors[i] = (target - quoted) * (target - quoted);
            healthy[i] = learner.divergedAtRecord() < 0;
            if (learner.drifts() != drifts[i] || learner.promotions() != promotions[i]) {
                reportDrift(learner, i, timestamp);
            }
            if (sync != null) {
                sync.learned(i, slot, ids.get(i), timestamp);
            }
            long records = learner.records();
            if (records % config.lossEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LossReport.json(LearnerSnapshot.of(slot, predicted[i]), timestamp),
                        timestamp), lossNode);
            }
            if (sync == null && records % config.modelsEvery() == 0) {
                context.forward(new Record<>(ids.get(i), LearnerCodec.encode(learner), timestamp), modelsNode);
            }
        }
        int served = champion.champion();
        if (labeled) {
            championChanged = true;
            if (champion.observe(squaredErrors, healthy)) {
                reportChampion(served, timestamp);
            }
        }
        byte[] value = switch (config.predictionFormat()) {
            case JSON -> predictionJson.write(id, label, served, predictions, labeled ? losses : null, versions,
                    scoreListed ? listing.predictions() : null, labelDelay);
            case DOUBLES -> PredictionDoubles.write(label, predictions);
        };
        context.forward(new Record<>(key, value, timestamp), predictionsNode);
        counts.prediction();
    }

    /** The learner's new drift detection or promoted challenger, on the drift topic. */
    private void reportDrift(Learner learner, int i, long timestamp) {
        int partition = context.taskId().partition();
        if (learner.drifts() != drifts[i]) {
            drifts[i] = learner.drifts();
            context.forward(new Record<>(ids.get(i), DriftEvents.drift(learner, partition, timestamp), timestamp),
                    driftNode);
        }
        if (learner.promotions() != promotions[i]) {
            promotions[i] = learner.promotions();
            context.forward(new Record<>(ids.get(i), DriftEvents.promotion(learner, partition, timestamp), timestamp),
                    driftNode);
        }
    }

    /** The champion changed from {@code previous}: on the drift topic, and to readers. */
    private void reportChampion(int previous, long timestamp) {
        int now = champion.champion();
        int partition = context.taskId().partition();
        String id = config.learners().get(now).id();
        byte[] event = DriftEvents.champion(id, config.learners().get(previous).id(), champion.observed(),
                champion.recentRmse(now), champion.recentRmse(previous), partition, timestamp);
        context.forward(new Record<>(DriftEvents.CHAMPION.getBytes(StandardCharsets.UTF_8), event, timestamp), driftNode);
        live.publishChampion(partition, id, champion.changes());
    }

    private byte[] writeChampion() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            champion.writeState(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A champion of other learners (the configuration changed) starts afresh. */
    private void readChampion(byte[] stored) {
        try {
            champion.readState(new DataInputStream(new ByteArrayInputStream(stored)));
        } catch (IOException e) {
            champion = new Champion(slots.size(), config.champion().window(), config.champion().margin());
        }
    }

    @Override
    public void close() {
        counters.closed(context.taskId());
    }
}
