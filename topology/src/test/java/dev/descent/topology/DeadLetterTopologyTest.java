package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.Learner;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reason a record cannot be used ends in a dead letter with its headers; the learner is untouched. */
class DeadLetterTopologyTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> badRecords() {
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        return Stream.of(
                Arguments.of(DeadLetterReason.NULL_VALUE, null),
                Arguments.of(DeadLetterReason.EMPTY_VALUE, new byte[0]),
                Arguments.of(DeadLetterReason.TOO_LARGE, huge),
                Arguments.of(DeadLetterReason.NOT_UTF8, new byte[] {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                Arguments.of(DeadLetterReason.MALFORMED_JSON, utf8("{\"area\": 100,")),
                Arguments.of(DeadLetterReason.NOT_AN_OBJECT, utf8("[100, 5, 300]")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, utf8("{\"area\": \"big\", \"age\": 5, \"price\": 300}")),
                Arguments.of(DeadLetterReason.NON_FINITE, utf8("{\"area\": NaN, \"age\": 5, \"price\": 300}")),
                Arguments.of(DeadLetterReason.NON_FINITE, utf8("{\"area\": 100, \"age\": Infinity, \"price\": 300}")),
                Arguments.of(DeadLetterReason.OUT_OF_RANGE, utf8("{\"area\": 1e308, \"age\": 5, \"price\": 300}")),
                Arguments.of(DeadLetterReason.NON_FINITE, utf8("{\"area\": 100, \"age\": 5, \"price\": -Infinity}")),
                Arguments.of(DeadLetterReason.MISSING_FEATURES, utf8("{\"price\": 300, \"colour\": \"red\"}")));
    }

    /**
     * Every reason a record can have on its own; a sale's, with listings, are ListingsTopologyTest's,
     * and a model key's KeyedTopologyTest's.
     */
    @Test
    void everyReasonIsCovered() {
        Set<DeadLetterReason> covered = EnumSet.noneOf(DeadLetterReason.class);
        badRecords().forEach(a -> covered.add((DeadLetterReason) a.get()[0]));
        assertEquals(EnumSet.complementOf(EnumSet.of(DeadLetterReason.NO_LISTING, DeadLetterReason.DUPLICATE_SALE,
                        DeadLetterReason.NO_MODEL_KEY, DeadLetterReason.TOO_MANY_KEYS)),
                covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void goesToTheDeadLetterTopicWithItsReasonAndSource(DeadLetterReason reason, byte[] value) {
        DescentTopologyTest.withDriver(List.of(DescentTopologyTest.sgd("sgd", 1)), h -> {
            h.send("good-1", DescentTopologyTest.house(100, 5, 300.0));
            h.send("bad", value);
            h.send("good-2", DescentTopologyTest.house(110, 6, 320.0));

            List<TestRecord<byte[], byte[]>> dead = h.output(h.topics().deadLetters()).readRecordsToList();
            assertEquals(1, dead.size());
            TestRecord<byte[], byte[]> letter = dead.get(0);
            assertEquals("bad", new String(letter.key(), StandardCharsets.UTF_8));
            assertArrayEquals(value, letter.value(), "the original bytes are kept");
            assertEquals(reason.header(), header(letter, ValidateProcessor.REASON));
            assertTrue(!header(letter, ValidateProcessor.DETAIL).isBlank());
            assertEquals("houses", header(letter, ValidateProcessor.SOURCE_TOPIC));
            assertEquals("0", header(letter, ValidateProcessor.SOURCE_PARTITION));
            assertEquals("1", header(letter, ValidateProcessor.SOURCE_OFFSET));

            assertEquals(2, h.predictions().size(), "the good records around it are served");
            assertEquals(3, h.counters().recordsIn());
            assertEquals(2, h.counters().predictions());
            assertEquals(1, h.counters().deadLetters(reason));
            assertEquals(1, h.counters().deadLetters());
            Learner learner = h.stored("sgd").learner();
            assertEquals(2, learner.records());
            for (double p : learner.parameters()) {
                assertTrue(Double.isFinite(p));
            }
        });
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        assertNotNull(h, "header " + name);
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
