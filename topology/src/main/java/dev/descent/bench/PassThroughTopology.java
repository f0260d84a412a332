package dev.descent.bench;

import dev.descent.topology.HouseParser;
import dev.descent.topology.InvalidHouseException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The baseline {@code bench} compares Descent with: a Streams app that parses each house record
 * exactly as Descent does and emits one small record, so the difference is the learning.
 */
public final class PassThroughTopology {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BAD = "bad".getBytes(StandardCharsets.UTF_8);

    private PassThroughTopology() {
    }

    public static Topology build(String input, String output, HouseParser parser) {
        Topology topology = new Topology();
        topology.addSource("input", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addProcessor("parse", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                byte[] verdict;
                try {
                    parser.parse(null, record.value());
                    verdict = OK;
                } catch (InvalidHouseException e) {
                    verdict = BAD;
                }
                context.forward(record.withValue(verdict));
            }
        }, "input");
        topology.addSink("output", output, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "parse");
        return topology;
    }
}
