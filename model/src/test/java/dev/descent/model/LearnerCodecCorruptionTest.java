package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.LearnerConfig.ModelKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bytes that are not a learner's state are rejected with an IllegalArgumentException that says why. */
class LearnerCodecCorruptionTest {
    private static final String ID = "mlp";

    private static byte[] valid() {
        Learner learner = new Learner(LearnerConfig.builder(ID).model(ModelKind.MLP).hidden(3).batchSize(4).build(), 2);
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
        ByteBuffer.wrap(bytes).putShort(4, (short) 2);
        IllegalArgumentException e = rejected(bytes);
        assertMentions(e, "unsupported learner state version 2");
        assertMentions(e, "expected 1");
    }

    @Test
    void shouldRejectEveryTruncation() {
        byte[] bytes = valid();
        for (int length = 0; length < bytes.length; length++) {
            IllegalArgumentException e = rejected(Arrays.copyOf(bytes, length));
            if (length >= 6) {
                assertMentions(e, "truncated or corrupt");
            }
        }
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = valid();
        assertMentions(rejected(Arrays.copyOf(bytes, bytes.length + 3)), "3 trailing bytes");
    }

    @Test
    void shouldRejectAnOutOfRangeEnumOrdinal() {
        byte[] bytes = valid();
        int modelKind = 4 + 2 + 4 + 2 + ID.getBytes(StandardCharsets.UTF_8).length;
        bytes[modelKind] = 9;
        assertMentions(rejected(bytes), "truncated or corrupt");
    }

    /** The hidden-layer count follows the magic, version, feature count, id and model kind. */
    @Test
    void shouldRejectANegativeHiddenLayerCount() {
        byte[] bytes = valid();
        int hiddenCount = 4 + 2 + 4 + 2 + ID.getBytes(StandardCharsets.UTF_8).length + 1;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertTrue(buffer.getInt(hiddenCount) == 1, "layout: one hidden layer expected at offset " + hiddenCount);
        buffer.putInt(hiddenCount, -1);
        rejected(bytes);
    }
}
