package dev.descent.topology;

import dev.descent.model.Champion;
import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerCodec;
import dev.descent.model.PrequentialScore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
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
    /** Publications between two passes of {@link #keyFigures()}: about a second. */
    private static final int KEY_FIGURES_EVERY = 20;
    /**
     * The task's {@link Champion}, beside its {@link TaskCounts} ({@link TaskCounts#STORE_KEY}): in the
     * learners' store, put with the learners so that they commit together; no learner id can be
     * such a key (ids have no control characters).
     */
    static final String CHAMPION_KEY = "\u0001";
    /** The learners' delayed scores ({@link DelayedScores}), with {@link Listings}. */
    static final String DELAYED_KEY = "\u0002";
    /** The pending listings' days ({@link ListingDays}), with {@link Listings}. */
    static final String LISTING_DAYS_KEY = "\u0003";
    /** Before a model key: the key's {@link LearnerFamily}, with {@link ModelKeys}. */
    static final String KEY_PREFIX = "\u0004";
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
    /** The task's global learners: every learner of the task without {@link ModelKeys}, and beside the keys' with. */
    private LearnerFamily global;
    /** With {@link ModelKeys}: each model key's learners, by key. */
    private final Map<String, LearnerFamily> families = new HashMap<>();
    private int maxKeys;
    /** With {@link ModelKeys}: the prices served, scored; not stored, so counted from the task's start. */
    private final PrequentialScore servedScore = new PrequentialScore(1);
    private long keyFiguresAge;
    private List<LiveLearners.KeyFigure> topKeys = List.of();
    private double[] keyRmse = new double[0];
    private ReplicaSync sync;
    private long[] versions;
    private PredictionJson predictionJson;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private TaskCounts counts;

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
        counts.restoreFrom(store);
        int features = config.schema().featureCount();
        sync = config.replication().replicated()
                ? new ReplicaSync(config.replication(), context, context.getStateStore(versionsStore), deltasNode,
                        config.learners().size())
                : null;
        List<LearnerSlot> slots = new ArrayList<>();
        for (LearnerConfig learner : config.learners()) {
            byte[] stored = store.get(learner.id());
            slots.add(stored != null ? LearnerSlot.decode(stored)
                    : sync != null ? new LearnerSlot(sync.start(learner, features))
                    : new LearnerSlot(new Learner(learner, features)));
        }
        global = new LearnerFamily(null, slots, config.champion());
        versions = sync != null ? new long[slots.size()] : null;
        predictionJson = new PredictionJson(config.learners().stream().map(LearnerConfig::id).toList());
        byte[] stored = store.get(CHAMPION_KEY);
        if (stored != null) {
            global.readChampion(stored, config.champion());
        }
        if (config.modelKeys().on()) {
            restoreKeys();
            maxKeys = config.modelKeys().maxKeysPerTask(config.modelKeys().partitionsFor(1));
            if (!config.modelKeys().keyTtl().isZero()) {
                Duration every = config.modelKeys().keyTtl().compareTo(EXPIRY_INTERVAL) < 0
                        ? config.modelKeys().keyTtl() : EXPIRY_INTERVAL;
                context.schedule(every, PunctuationType.STREAM_TIME, this::evictIdleKeys);
            }
        }
        byte[] delayed = store.get(DELAYED_KEY);
        if (delayed != null) {
            DelayedScores.restore(delayed, global.slots);
        }
        if (config.listings().on()) {
            pending = new PendingStore(context);
            byte[] days = store.get(LISTING_DAYS_KEY);
            if (days != null) {
                listingDays.restore(days);
            }
            context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::expire);
        }
        live.publishChampion(context.taskId().partition(), config.learners().get(global.champion.champion()).id(),
                global.champion.changes());
        checkpoints.register(context.taskId(), this::putChanged);
        publish();
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (sync != null) {
                sync.punctuate(global.slots, global.ids, now, global.changed);
            }
            publish();
        });
    }

    /**
     * Puts the learners that learned since the last commit, and the task's figures; Kafka Streams
     * runs it as a commit begins.
     */
    private void putChanged() {
        counts.putIfChanged(store);
        if (global.championChanged) {
            store.put(CHAMPION_KEY, global.writeChampion());
        }
        if (delayedChanged) {
            store.put(DELAYED_KEY, DelayedScores.encode(global.slots));
            delayedChanged = false;
        }
        if (listingDays.changed()) {
            store.put(LISTING_DAYS_KEY, listingDays.encode());
        }
        for (int i = 0; i < global.slots.size(); i++) {
            if (global.changed[i]) {
                store.put(global.slots.get(i).learner().config().id(), global.slots.get(i).encode());
            }
        }
        global.committed();
        for (LearnerFamily family : families.values()) {
            if (family.changedSinceCommit()) {
                store.put(KEY_PREFIX + family.modelKey, family.encode());
                family.committed();
            }
        }
    }

    /**
     * The keys with most records (with each learner's RMSE) and every key's champion's RMSE, for {@code /metrics}: a pass over
     * every key, so once a second rather than at every publication.
     */
    private void keyFigures() {
        List<LiveLearners.KeyFigure> all = new ArrayList<>(families.size());
        double[] rmse = new double[families.size()];
        int n = 0;
        for (LearnerFamily family : families.values()) {
            LearnerSlot champion = family.slots.get(family.champion.champion());
            double[] learnerRmse = new double[family.slots.size()];
            for (int i = 0; i < learnerRmse.length; i++) {
                learnerRmse[i] = family.slots.get(i).rmse();
            }
            all.add(new LiveLearners.KeyFigure(family.modelKey, family.labeled(), champion.rmse(), learnerRmse));
            if (family.labeled() > 0) {
                rmse[n++] = champion.rmse();
            }
        }
        all.sort(LiveLearners.KeyFigure.MOST_RECORDS);
        topKeys = List.copyOf(all.subList(0, Math.min(all.size(), config.modelKeys().metricKeys())));
        keyRmse = Arrays.copyOf(rmse, n);
    }

    /** Every learner's figures as this partition has them; {@link LiveLearners} combines the partitions'. */
    private void publish() {
        int partition = context.taskId().partition();
        long now = System.currentTimeMillis();      // ReplicaSync times its syncs on the same clock
        for (int i = 0; i < global.slots.size(); i++) {
            LearnerSlot slot = global.slots.get(i);
            LearnerSnapshot snapshot = sync == null ? LearnerSnapshot.of(slot, global.predicted[i])
                    : LearnerSnapshot.of(slot, global.predicted[i], sync.sinceSync(i, now));
            live.publish(partition, snapshot, slot.score(), slot.delayedScore());
        }
        if (config.modelKeys().on()) {
            long[] scored = new long[global.slots.size()];
            double[] sumSquaredError = new double[scored.length];
            for (LearnerFamily family : families.values()) {
                for (int i = 0; i < scored.length; i++) {
                    PrequentialScore score = family.slots.get(i).score();
                    scored[i] += score.count();
                    sumSquaredError[i] += score.sumSquaredError();
                }
            }
            if (keyFiguresAge++ % KEY_FIGURES_EVERY == 0) {
                keyFigures();
            }
            live.publishKeys(partition, new LiveLearners.KeyScores(families.size(), scored, sumSquaredError,
                    servedScore.count(), servedScore.sumSquaredError(), topKeys, keyRmse));
        }
    }

    @Override
    public void process(Record<byte[], HouseRecord> record) {
        HouseRecord house = record.value();
        if (config.modelKeys().on()) {
            keyed(record, house);
        } else if (pending == null || house.key() == null || house.key().isEmpty()) {
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
                plus(listedAt, config.listings().window()), features, global.predictions.clone());
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
            deadLetter(record.key(), house.value(), record.timestamp(), new RecordHeaders(),
                    DeadLetterReason.DUPLICATE_SALE, "house '" + id + "' was already sold at " + Instant.ofEpochMilli(soldAt)
                            + "; a sale is learned once");
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
            deadLetter(key, sale.value(), soldAt, new RecordHeaders(), DeadLetterReason.NO_LISTING, "no listing of house '"
                    + id + "' came within " + config.listings().grace() + " of its sale, which has no features of its own");
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

    /**
     * A record that cannot be learned, with {@code carried} headers, its reason and, from a record
     * (not a punctuation), its source: with model keys the record came through the repartition
     * topic, and the headers it carries name its input source instead.
     */
    private void deadLetter(byte[] key, byte[] value, long timestamp, Headers carried, DeadLetterReason reason,
                            String detail) {
        counts.deadLetter(reason);
        RecordMetadata source = config.modelKeys().on() ? null : context.recordMetadata().orElse(null);
        Headers headers = ValidateProcessor.deadLetterHeaders(carried, reason, detail, source);
        context.forward(new Record<>(key, value, timestamp, headers), deadLettersNode);
    }

    /**
     * Test-then-train for the global learners on one record's {@code features}, and its prediction
     * record; with {@code listing} (a sale's), the listing's predictions are scored too and the
     * champion judged on them, the price it served.
     */
    private void serve(byte[] key, String id, double[] features, double label, long timestamp,
                       PendingHouse.Listing listing, long labelDelay) {
        int served = testThenTrain(global, features, label, timestamp, listing);
        boolean labeled = !Double.isNaN(label);
        boolean scoreListed = listing != null && listing.predictions().length == global.slots.size();
        byte[] value = switch (config.predictionFormat()) {
            case JSON -> predictionJson.write(id, label, served, global.predictions,
                    labeled ? global.losses : null, versions, scoreListed ? listing.predictions() : null, labelDelay);
            case DOUBLES -> PredictionDoubles.write(label, global.predictions);
        };
        context.forward(new Record<>(key, value, timestamp), predictionsNode);
        counts.prediction();
    }

    /**
     * With {@link ModelKeys}: the global learners test-then-train on every record, and the record's
     * key's learners on its key's records, a new key's starting as copies of the global ones; a key
     * that has not yet learned {@code --min-key-records} is served the global learners' price.
     */
    private void keyed(Record<byte[], HouseRecord> record, HouseRecord house) {
        byte[] key = house.key() == null ? null : house.key().getBytes(StandardCharsets.UTF_8);
        String modelKey = house.modelKey();
        long time = record.timestamp();
        LearnerFamily family = modelKey == null ? null : families.get(modelKey);
        if (modelKey != null && family == null) {
            if (families.size() >= maxKeys) {
                deadLetter(key, house.value(), time, record.headers(), DeadLetterReason.TOO_MANY_KEYS, "model key '"
                        + modelKey + "' would be key " + (maxKeys + 1) + " of this partition, which holds at most " + maxKeys
                        + " (--max-keys " + config.modelKeys().maxKeys() + " over " + config.modelKeys().partitionsFor(1)
                        + " partitions)");
                return;
            }
            family = newFamily(modelKey);
            families.put(modelKey, family);
        }
        boolean labeled = house.labeled();
        // The global learners serve young keys and start new ones; with neither asked of them, they
        // learn only the records without a key, and a keyed record costs one family's work, not two.
        boolean globalLearns = family == null || config.modelKeys().fallback() || config.modelKeys().warmStart();
        int served = globalLearns ? testThenTrain(global, house.features(), house.label(), time, null) : 0;
        boolean byGlobal = family == null;
        if (family != null) {
            byGlobal = config.modelKeys().servedByGlobal(family.labeled());
            family.lastSeen = Math.max(family.lastSeen, time);
            if (family.labeled() < config.champion().window()) {
                // Too few of the key's own records to judge its learners by with hysteresis. Below --min-key-records
                // the global champion's choice holds; after that (and with keys alone) the key's own leader so far.
                boolean followGlobal = globalLearns && family.labeled() < config.modelKeys().minKeyRecords();
                family.champion.adopt(followGlobal ? global.champion.champion() : family.champion.leader(family.healthy));
            }
            int ownChampion = testThenTrain(family, house.features(), house.label(), time, null);
            served = byGlobal ? served : ownChampion;
        }
        LearnerFamily own = family != null ? family : global;
        LearnerFamily serving = byGlobal ? global : family;
        double price = serving.predictions[served];
        if (labeled) {
            servedScore.add(price, serving.slots.get(served).learner().config().target(house.label()));
        }
        byte[] value = switch (config.predictionFormat()) {
            case JSON -> predictionJson.writeKeyed(house.key(), house.label(), modelKey, byGlobal, served, price,
                    own.predictions, labeled ? own.losses : null, byGlobal && family != null ? global.predictions : null);
            case DOUBLES -> PredictionDoubles.writeKeyed(house.label(), modelKey, family == null ? null : family.predictions,
                    globalLearns ? global.predictions : null, byGlobal, served);
        };
        context.forward(new Record<>(key, value, time), predictionsNode);
        counts.prediction();
    }

    /** A new key's learners: copies of the global ones as they are now, or new ones. */
    private LearnerFamily newFamily(String modelKey) {
        if (config.modelKeys().warmStart()) {
            return global.copyFor(modelKey, config.champion());
        }
        int features = config.schema().featureCount();
        return new LearnerFamily(modelKey, config.learners().stream()
                .map(l -> new LearnerSlot(new Learner(l, features))).toList(), config.champion());
    }

    /** The keys' learners as stored; those of another configuration of learners are left to start again. */
    private void restoreKeys() {
        families.clear();
        List<String> ids = config.learners().stream().map(LearnerConfig::id).toList();
        try (KeyValueIterator<String, byte[]> stored = store.range(KEY_PREFIX, KEY_PREFIX + Character.MAX_VALUE)) {
            while (stored.hasNext()) {
                KeyValue<String, byte[]> entry = stored.next();
                String modelKey = entry.key.substring(KEY_PREFIX.length());
                LearnerFamily family = LearnerFamily.decode(modelKey, entry.value, config.champion());
                if (family.slots.stream().map(slot -> slot.learner().config().id()).toList().equals(ids)) {
                    families.put(modelKey, family);
                }
            }
        }
    }

    /**
     * Drops the keys without a record for {@code --key-ttl} of event time, from memory and the store;
     * each learner's last state goes to the models topic, where it stays.
     */
    private void evictIdleKeys(long streamTime) {
        long ttl = config.modelKeys().keyTtl().toMillis();
        for (var it = families.values().iterator(); it.hasNext(); ) {
            LearnerFamily family = it.next();
            if (streamTime - family.lastSeen >= ttl) {
                for (int i = 0; i < family.slots.size(); i++) {
                    context.forward(new Record<>(family.ids[i], LearnerCodec.encode(family.slots.get(i).learner()),
                            streamTime), modelsNode);
                }
                store.delete(KEY_PREFIX + family.modelKey);
                it.remove();
            }
        }
    }

    /**
     * Test-then-train for every learner of {@code family} on one record's {@code features}: its
     * predictions, and for a labeled record its losses, scores, champion, loss reports, snapshots and
     * drift events; with {@code listing} (a sale's), the listing's predictions are scored too and the
     * champion judged on them, the price it served.
     *
     * @return the index of the champion that served this record, before it was judged on it
     */
    private int testThenTrain(LearnerFamily family, double[] features, double label, long timestamp,
                              PendingHouse.Listing listing) {
        boolean labeled = !Double.isNaN(label);
        boolean scoreListed = listing != null && listing.predictions().length == family.slots.size();
        for (int i = 0; i < family.slots.size(); i++) {
            LearnerSlot slot = family.slots.get(i);
            Learner learner = slot.learner();
            family.predicted[i]++;
            if (versions != null) {
                versions[i] = slot.replica().baseVersion();
            }
            if (!labeled) {
                family.predictions[i] = learner.predict(features);
                continue;
            }
            double prediction = learner.learn(features, label);
            double target = learner.config().target(label);
            slot.score(prediction, target);
            family.predictions[i] = prediction;
            family.losses[i] = learner.lastLoss();
            family.changed[i] = true;
            double quoted = prediction;       // the price this record served: at its listing, if it had one
            if (scoreListed) {
                quoted = listing.predictions()[i];
                slot.scoreDelayed(quoted, target);
                delayedChanged = true;
            }
            family.squaredErrors[i] = (target - quoted) * (target - quoted);
            family.healthy[i] = learner.divergedAtRecord() < 0;
            if (learner.drifts() != family.drifts[i] || learner.promotions() != family.promotions[i]) {
                reportDrift(family, i, timestamp);
            }
            if (sync != null) {
                sync.learned(i, slot, family.ids[i], timestamp);
            }
            long records = learner.records();
            if (records % config.lossEvery() == 0) {
                context.forward(new Record<>(family.ids[i], LossReport.json(LearnerSnapshot.of(slot, family.predicted[i]),
                        timestamp), timestamp), lossNode);
            }
            if (sync == null && records % config.modelsEvery() == 0) {
                context.forward(new Record<>(family.ids[i], LearnerCodec.encode(learner), timestamp), modelsNode);
            }
        }
        int served = family.champion.champion();
        if (labeled) {
            family.championChanged = true;
            if (family.champion.observe(family.squaredErrors, family.healthy) && family == global) {
                reportChampion(served, timestamp);
            }
        }
        return served;
    }

    /** The learner's new drift detection or promoted challenger, on the drift topic. */
    private void reportDrift(LearnerFamily family, int i, long timestamp) {
        Learner learner = family.slots.get(i).learner();
        int partition = context.taskId().partition();
        if (learner.drifts() != family.drifts[i]) {
            family.drifts[i] = learner.drifts();
            context.forward(new Record<>(family.ids[i], DriftEvents.drift(learner, partition, timestamp), timestamp),
                    driftNode);
        }
        if (learner.promotions() != family.promotions[i]) {
            family.promotions[i] = learner.promotions();
            context.forward(new Record<>(family.ids[i], DriftEvents.promotion(learner, partition, timestamp), timestamp),
                    driftNode);
        }
    }

    /** The global champion changed from {@code previous}: on the drift topic, and to readers. */
    private void reportChampion(int previous, long timestamp) {
        Champion champion = global.champion;
        int now = champion.champion();
        int partition = context.taskId().partition();
        String id = config.learners().get(now).id();
        byte[] event = DriftEvents.champion(id, config.learners().get(previous).id(), champion.observed(),
                champion.recentRmse(now), champion.recentRmse(previous), partition, timestamp);
        context.forward(new Record<>(DriftEvents.CHAMPION.getBytes(StandardCharsets.UTF_8), event, timestamp), driftNode);
        live.publishChampion(partition, id, champion.changes());
    }

    @Override
    public void close() {
        if (config.modelKeys().on()) {
            live.forgetKeys(context.taskId().partition());     // the partition's keys may go to another instance
        }
        counters.closed(context.taskId());
    }
}
