package dev.descent.chaos;

import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The input of a chaos scenario, written at a steady rate while faults happen: generated houses,
 * one bad record of each {@link BadRecord} kind in turn every {@code badEvery} records (none when
 * 0), each under a key of its own. The producer is idempotent and waits out a broker that is away
 * (up to five minutes per record), so what it sent is exactly what the topic holds; every send is
 * checked, and one that fails is counted, never ignored.
 */
final class ChaosInput implements Runnable {
    private final String bootstrap;
    private final String topic;
    private final long records;
    private final double perSecond;
    private final int badEvery;
    private final long seed;
    private final Set<String> goodKeys = new HashSet<>();
    private final Map<BadRecord, Long> bad = new EnumMap<>(BadRecord.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private long labeled;
    private volatile boolean stopped;

    ChaosInput(String bootstrap, String topic, long records, double perSecond, int badEvery, long seed) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.records = records;
        this.perSecond = perSecond;
        this.badEvery = badEvery;
        this.seed = seed;
    }

    @Override
    public void run() {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        HouseGenerator generator = new HouseGenerator(seed, 0.1);
        BadRecord[] kinds = BadRecord.values();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; i < records && !stopped; i++) {
                long wait = start + (long) (i / perSecond * 1e9) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                byte[] key;
                byte[] value;
                if (badEvery > 0 && i % badEvery == badEvery - 1) {
                    BadRecord kind = kinds[(int) (i / badEvery % kinds.length)];
                    key = ("bad-" + i).getBytes(StandardCharsets.UTF_8);
                    value = kind.value();
                    synchronized (this) {
                        bad.merge(kind, 1L, Long::sum);
                    }
                } else {
                    GeneratedHouse house = generator.nextHouse();
                    HouseMessage message = house.toMessage();
                    key = message.keyBytes();
                    value = message.value();
                    synchronized (this) {
                        goodKeys.add(message.key());
                        labeled += house.labeled() ? 1 : 0;
                    }
                }
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
        }
    }

    void stop() {
        stopped = true;
    }

    /** Records the broker acknowledged so far. */
    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** The first failed send's error, or null. */
    Exception firstFailure() {
        return firstFailure.get();
    }

    synchronized Set<String> goodKeys() {
        return Set.copyOf(goodKeys);
    }

    synchronized long labeled() {
        return labeled;
    }

    synchronized Map<BadRecord, Long> bad() {
        return Map.copyOf(bad);
    }
}
