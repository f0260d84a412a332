package dev.descent.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop of every input record: a valid house goes on to the learners as a {@link HouseRecord};
 * anything else goes, bytes untouched, to the dead-letter topic with headers naming the reason,
 * the detail and the source topic, partition and offset. Records at or beyond the input end
 * offset (a replay's range end, see {@link DescentConfig#inputEnd()}) are not part of the run and
 * are passed over. Nothing here throws.
 *
 * <p>With {@link ModelKeys} a valid house goes to the repartition topic instead, keyed by its
 * model key and carrying its source in the dead-letter headers' names, so that a dead letter
 * made by the learn task on the key's partition still names the input record. The task is then a
 * sub-topology of its own and keeps its figures in a store of its own, put at each commit.
 */
final class ValidateProcessor implements Processor<byte[], byte[], byte[], Object> {
    static final String REASON = "descent.reason";
    static final String DETAIL = "descent.detail";
    static final String SOURCE_TOPIC = "descent.source.topic";
    static final String SOURCE_PARTITION = "descent.source.partition";
    static final String SOURCE_OFFSET = "descent.source.offset";

    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);

    private final HouseParser parser;
    private final ProcessingCounters counters;
    private final String learnNode;
    private final String deadLetterNode;
    private final long inputEnd;
    private final Keyed keyed;
    private ProcessorContext<byte[], Object> context;
    private TaskCounts counts;

    /** With model keys: the store of the task's figures, and the commits that put them there. */
    record Keyed(String countsStore, CheckpointingStore.Checkpoints checkpoints) {
    }

    /**
     * @param keyed with model keys, valid houses go to the repartition topic by their model key
     *              ({@code learnNode} is its sink); null without
     */
    ValidateProcessor(HouseParser parser, ProcessingCounters counters, String learnNode, String deadLetterNode,
                      long inputEnd, Keyed keyed) {
        this.parser = parser;
        this.keyed = keyed;
        this.inputEnd = inputEnd;
        this.counters = counters;
        this.learnNode = learnNode;
        this.deadLetterNode = deadLetterNode;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.counts = counters.task(context.taskId());
        if (keyed != null) {
            KeyValueStore<String, byte[]> store = context.getStateStore(keyed.countsStore());
            counts.restoreFrom(store);
            keyed.checkpoints().register(context.taskId(), () -> counts.putIfChanged(store));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (inputEnd != DescentConfig.OPEN_END && beyondEnd()) {
            return;
        }
        counts.recordIn();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            HouseRecord house = parser.parse(key, record.value());
            if (keyed != null) {
                byte[] modelKey = house.modelKey() == null ? null : house.modelKey().getBytes(StandardCharsets.UTF_8);
                Headers headers = source(new RecordHeaders(record.headers().toArray()),
                        context.recordMetadata().orElse(null));
                context.forward(new Record<>(modelKey, (Object) house, record.timestamp(), headers), learnNode);
            } else {
                context.forward(record.withValue((Object) house), learnNode);
            }
        } catch (InvalidHouseException e) {
            counts.deadLetter(e.reason());
            RecordMetadata source = context.recordMetadata().orElse(null);
            Headers headers = deadLetterHeaders(record.headers(), e.reason(), e.getMessage(), source);
            if (source != null) {
                LOG.debug("dead letter from {}-{}@{}: {} ({})", source.topic(), source.partition(), source.offset(),
                        e.reason().header(), e.getMessage());
            }
            context.forward(new Record<>(record.key(), (Object) record.value(), record.timestamp(), headers),
                    deadLetterNode);
        }
    }

    private boolean beyondEnd() {
        RecordMetadata source = context.recordMetadata().orElse(null);
        return source != null && source.offset() >= inputEnd;
    }

    /**
     * A dead letter's headers: the record's own, then the reason, the detail and the source topic,
     * partition and offset, when there is a source record (a punctuation has none).
     */
    static Headers deadLetterHeaders(Headers original, DeadLetterReason reason, String detail, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.toArray());
        header(headers, REASON, reason.header());
        header(headers, DETAIL, detail);
        return source(headers, source);
    }

    /** The source topic, partition and offset in {@code headers}; those already there stay without a source. */
    private static Headers source(Headers headers, RecordMetadata source) {
        if (source != null && source.topic() != null) {
            header(headers, SOURCE_TOPIC, source.topic());
            header(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
            header(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        }
        return headers;
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
