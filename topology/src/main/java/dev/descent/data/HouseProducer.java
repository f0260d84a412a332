package dev.descent.data;

import dev.descent.Poll;
import dev.descent.kafka.TopicAdmin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends house records to a topic at a target rate and makes sure every one arrived.
 *
 * <p>Each run first waits until the topic exists and every partition has a leader: the first
 * batch sent to a freshly created topic can otherwise be lost (KAFKA-15591); that wait is bounded
 * by the timeout. Then a send that fails for a reason that may pass (the broker away or
 * restarting, a leader moving) is retried by the Kafka client itself, with exponential backoff
 * ({@code retry.backoff.ms} 100 ms doubling up to {@code retry.backoff.max.ms} 1 s), for up to
 * {@code retryFor}; the idempotent producer keeps the records in order and each one once across
 * retries. Every send's callback is checked; the first failure that outlasts the retries, or that
 * retrying cannot mend, stops the run, and once the records already sent are flushed it is thrown
 * as a {@link ProduceException}.
 *
 * <pre>{@code
 * try (HouseProducer producer = new HouseProducer(kafka.bootstrapServers(), Map.of())) {
 *     producer.produce("houses", new HouseGenerator(42).limit(10_000), 500, p -> {}, () -> false);
 * }
 * }</pre>
 *
 * One run at a time; the progress listener is called on the producing thread.
 */
public final class HouseProducer implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a broker to restart, or a cluster to roll. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(5);

    /** How often the progress listener hears from a run. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    /** The longest pause between checks of the stop request while pacing a slow rate. */
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration TOPIC_POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** A request is given up and sent again after this long, at most. */
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration timeout;
    private final Duration retryFor;
    private KafkaProducer<byte[], byte[]> producer;

    /** With the {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_RETRY_FOR}. */
    public HouseProducer(String bootstrapServers, Map<String, String> clientProperties) {
        this(bootstrapServers, clientProperties, DEFAULT_TIMEOUT, DEFAULT_RETRY_FOR);
    }

    /**
     * @param clientProperties Kafka client settings (security, tuning), passed to the producer and
     *                         to the admin client that checks the topic
     * @param timeout          how long to wait for the cluster and the topic before the first send
     * @param retryFor         how long a send, or buffer space for one, is waited for once sending has begun
     */
    public HouseProducer(String bootstrapServers, Map<String, String> clientProperties, Duration timeout,
                         Duration retryFor) {
        if (timeout.isNegative() || timeout.isZero() || retryFor.isNegative() || retryFor.isZero()) {
            throw new IllegalArgumentException("timeout and retryFor must be positive, got " + timeout + ", " + retryFor);
        }
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
        this.retryFor = retryFor;
    }

    /** Sends every record, as fast as possible, without a progress listener. */
    public ProduceProgress produce(String topic, Iterator<HouseMessage> records) {
        return produce(topic, records, 0, progress -> { }, () -> false);
    }

    /**
     * Waits for the topic, then sends records until the iterator ends or a stop is requested,
     * and flushes. An interrupt stops the run like a stop request and is kept set.
     *
     * @param recordsPerSecond target average rate, or 0 for as fast as the cluster takes them
     * @param progress         hears the acknowledged count every {@link #PROGRESS_INTERVAL} and once at the end
     * @param stopRequested    polled before each record and while pacing; true ends the run early (not an error)
     * @return the final count of acknowledged records and the time taken
     * @throws ProduceException when the cluster cannot be reached, the topic does not exist, the client
     *                          settings are invalid, or a send failed
     */
    public ProduceProgress produce(String topic, Iterator<HouseMessage> records, double recordsPerSecond,
                                   Consumer<ProduceProgress> progress, BooleanSupplier stopRequested) {
        if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number ≥ 0 (0 = unlimited), got " + recordsPerSecond);
        }
        awaitTopic(topic);
        if (producer == null) {
            producer = createProducer();
        }
        Run run = new Run(topic, recordsPerSecond, progress, stopRequested);
        run.sendAll(records);
        return run.finish();
    }

    /** Flushes and closes the producer. */
    @Override
    public void close() {
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** Created once the topic is found, so an unreachable cluster is reported by one client, not two. */
    private KafkaProducer<byte[], byte[]> createProducer() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "descent-produce");
        // Kafka's default, said out loud: a -D acks=1 must fail here, not quietly allow duplicates on a retry.
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // The client retries a failed send until its delivery timeout; while the broker is away, send()
        // itself blocks for the topic's leader or for buffer space, up to max.block.ms: both get the window.
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(retryFor.toMillis()));
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(retryFor.toMillis()));
        // Kafka wants delivery.timeout.ms ≥ linger.ms + request.timeout.ms; a short window sends again sooner.
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.min(REQUEST_TIMEOUT_MS, retryFor.toMillis() / 2)));
        // House records are a few hundred bytes: large batches keep loading a million of them fast.
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try {
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw new ProduceException("invalid Kafka client settings for " + bootstrapServers + ": " + describe(e), e);
        }
    }

    /** Waits until the topic is listed and every partition has a leader. */
    private void awaitTopic(String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "descent-produce-admin");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(5_000, timeout.toMillis())));
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Poll.until(timeout, TOPIC_POLL_INTERVAL, () -> listTopics(admin).contains(topic), () -> new ProduceException(
                    "topic '" + topic + "' does not exist on " + bootstrapServers + " (waited " + seconds(timeout)
                            + "); create it first, e.g. with 'descent run' or kafka-topics.sh"));
            new TopicAdmin(admin).awaitReady(List.of(topic));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProduceException("interrupted while waiting for topic '" + topic + "'", e);
        } catch (IllegalStateException e) {
            throw new ProduceException("topic '" + topic + "' on " + bootstrapServers + " is not ready: " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw new ProduceException("invalid Kafka client settings for " + bootstrapServers + ": " + describe(e), e);
        }
    }

    private Set<String> listTopics(Admin admin) throws InterruptedException {
        try {
            // The admin client gives up after default.api.timeout.ms; the extra second only guards against a hang.
            return admin.listTopics().names().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e.getCause());
            }
            throw new ProduceException("cannot list the topics of " + bootstrapServers + ": " + describe(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        }
    }

    private ProduceException unreachable(Throwable cause) {
        return new ProduceException("cannot reach Kafka at " + bootstrapServers + " within " + seconds(timeout)
                + " (" + describe(cause) + ")", cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The innermost cause says what is wrong; Kafka's wrappers say "Failed to construct kafka producer". */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** One pass: pacing, sends, acknowledgements and the first failure. */
    private final class Run implements Callback {
        private final String topic;
        private final double recordsPerSecond;
        private final Consumer<ProduceProgress> progress;
        private final BooleanSupplier stopRequested;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final long start = System.nanoTime();
        private long sent;
        private long nextReport = start + PROGRESS_INTERVAL.toNanos();
        private boolean interrupted;

        Run(String topic, double recordsPerSecond, Consumer<ProduceProgress> progress, BooleanSupplier stopRequested) {
            this.topic = topic;
            this.recordsPerSecond = recordsPerSecond;
            this.progress = progress;
            this.stopRequested = stopRequested;
        }

        /** Called by the producer's I/O thread once per record. */
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                firstFailure.compareAndSet(null, exception);
            }
        }

        void sendAll(Iterator<HouseMessage> records) {
            try {
                while (firstFailure.get() == null && paceNext() && records.hasNext()) {
                    HouseMessage record = records.next();
                    // A null timestamp lets the producer stamp the record with its own clock.
                    producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.keyBytes(), record.value()),
                            this);
                    sent++;
                    reportIfDue();
                }
            } catch (InterruptedException | InterruptException e) {
                interrupted = true;
            } catch (KafkaException e) {
                firstFailure.compareAndSet(null, e);
            }
        }

        /** Waits until the next record is due at the target rate; false when a stop was requested. */
        private boolean paceNext() throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            long due = recordsPerSecond == 0 ? start : start + (long) (sent * 1e9 / recordsPerSecond);
            while (true) {
                if (stopRequested.getAsBoolean()) {
                    return false;
                }
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    return true;
                }
                reportIfDue();
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, MAX_PAUSE_NANOS));
            }
        }

        private void reportIfDue() {
            long now = System.nanoTime();
            if (now - nextReport >= 0) {
                progress.accept(snapshot(now));
                nextReport = now + PROGRESS_INTERVAL.toNanos();
            }
        }

        private ProduceProgress snapshot(long now) {
            return new ProduceProgress(acknowledged.get(), Duration.ofNanos(now - start));
        }

        /** Flushes what was sent, then reports; throws the first failure, if any. */
        ProduceProgress finish() {
            // flush() would throw at once on a pending interrupt: clear it, flush, then set it again.
            boolean interruptPending = Thread.interrupted() || interrupted;
            try {
                producer.flush();
            } catch (InterruptException e) {
                interruptPending = true;
            } finally {
                if (interruptPending) {
                    Thread.currentThread().interrupt();
                }
            }
            ProduceProgress done = snapshot(System.nanoTime());
            Exception failure = firstFailure.get();
            if (failure != null) {
                throw new ProduceException(String.format(Locale.ROOT, "sending to '%s' on %s failed after %,d of %,d"
                        + " records were acknowledged: %s", topic, bootstrapServers, done.records(), sent,
                        describe(failure)), failure, true);
            }
            progress.accept(done);
            return done;
        }
    }
}
