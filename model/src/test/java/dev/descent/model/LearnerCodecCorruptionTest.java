package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bytes that are not a learner's state are rejected with an IllegalArgumentException that says why. */
class LearnerCodecCorruptionTest {
    private static final String ID = "mlp";
    /** Magic, version, feature count, then the id as modified UTF-8 with its 2-byte length. */
    private static final int AFTER_ID = 4 + 2 + 4 + 2 + ID.getBytes(StandardCharsets.UTF_8).length;

    private static byte[] valid() {
        Learner learner = new Learner(LearnerConfig.builder(ID).model(MultilayerPerceptron.ofHidden(3)).batchSize(4)
                .build(), 2);
        for (int i = 0; i < 6; i++) {
            learner.learn(new double[] {i, 1.0 / (i + 1)}, 2 * i);
        }
        return LearnerCodec.encode(learner);
    }

    private static IllegalArgumentException rejected(byte[] bytes) {
        return assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
    }

    private static void assertMentions(IllegalArgumentException e, String text) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(text), "message: " + e.getMessage());
    }

    @Test
    void shouldRejectAWrongMagicNumber() {
        byte[] bytes = valid();
        bytes[0] ^= 0x01;
        assertMentions(rejected(bytes), "bad magic");
    }

    @Test
    void shouldRejectAnUnknownVersion() {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).putShort(4, (short) 4);
        IllegalArgumentException e = rejected(bytes);
        assertMentions(e, "unsupported learner state version 4");
        assertMentions(e, "expected 1, 2 or 3");
    }

    @Test
    void shouldRejectEveryTruncation() {
        for (byte[] bytes : new byte[][] {valid(), LearnerSnapshotsV1Test.snapshot("mlp-regression-mid-batch")}) {
            for (int length = 0; length < bytes.length; length++) {
                IllegalArgumentException e = rejected(Arrays.copyOf(bytes, length));
                if (length >= 6) {
                    assertMentions(e, "truncated or corrupt");
                }
            }
        }
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = valid();
        assertMentions(rejected(Arrays.copyOf(bytes, bytes.length + 3)), "3 trailing bytes");
    }

    /** The model's kind follows the id, as text: "mlp" becomes "mlq". */
    @Test
    void shouldRejectAnUnknownKind() {
        byte[] bytes = valid();
        assertEquals(3, ByteBuffer.wrap(bytes).getShort(AFTER_ID), "layout: the kind's length follows the id");
        bytes[AFTER_ID + 2 + 2] = 'q';
        IllegalArgumentException e = rejected(bytes);
        assertMentions(e, "truncated or corrupt");
        assertMentions(e, "unknown ModelSpec kind 'mlq'");
    }

    /** Version 1 wrote the model kind as an enum ordinal right after the id. */
    @Test
    void shouldRejectAnOutOfRangeEnumOrdinalInVersionOne() {
        byte[] bytes = LearnerSnapshotsV1Test.snapshot("mlp-regression-mid-batch");
        int modelKind = 4 + 2 + 4 + 2 + "mlp".length();
        assertEquals(2, bytes[modelKind], "layout: MLP is ordinal 2");
        bytes[modelKind] = 9;
        assertMentions(rejected(bytes), "truncated or corrupt");
    }

    /** The hidden-layer count follows the model's kind ("mlp", 2 + 3 bytes). */
    @Test
    void shouldRejectANegativeHiddenLayerCount() {
        byte[] bytes = valid();
        int hiddenCount = AFTER_ID + 2 + 3;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertEquals(1, buffer.getInt(hiddenCount), "layout: one hidden layer expected at offset " + hiddenCount);
        buffer.putInt(hiddenCount, -1);
        assertMentions(rejected(bytes), "array of -1 elements");
    }
}
