package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionDoublesTest {

    @Test
    void carriesTheLabelAndEveryPredictionBitForBit() {
        double[] predictions = {231_874.123456789, Math.nextUp(0.1), Double.NaN, Double.NEGATIVE_INFINITY, -0.0};
        byte[] value = PredictionDoubles.write(250_000.5, predictions);
        assertEquals(8 * 6, value.length);
        double[] read = new double[5];
        assertEquals(250_000.5, PredictionDoubles.read(value, read));
        for (int i = 0; i < predictions.length; i++) {
            assertEquals(Double.doubleToRawLongBits(predictions[i]), Double.doubleToRawLongBits(read[i]), "prediction " + i);
        }
    }

    @Test
    void isBigEndianLabelFirstSoOtherToolsCanReadIt() {
        byte[] value = PredictionDoubles.write(Double.NaN, new double[] {1.5});
        ByteBuffer buffer = ByteBuffer.wrap(value);
        assertTrue(Double.isNaN(buffer.getDouble()), "an unlabeled record's label is NaN");
        assertEquals(1.5, buffer.getDouble());
        assertArrayEquals(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(value, 8, 16));
    }

    @Test
    void refusesARecordWrittenForAnotherNumberOfLearners() {
        byte[] forTwo = PredictionDoubles.write(1, new double[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionDoubles.read(forTwo, new double[3]));
        assertEquals("a prediction record for 3 learners has 32 bytes, not 24", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictionDoubles.read(null, new double[1]));
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " " + i);
        }
    }

    @Test
    void carriesAKeyedRecordsKeyBothFamiliesAndTheServedPriceBitForBit() {
        double[] own = {201_234.5, Double.NaN, Math.nextDown(3.0)};
        double[] global = {250_000.25, -0.0, Double.POSITIVE_INFINITY};
        byte[] value = PredictionDoubles.writeKeyed(199_000, "NEAR BAY — 湾", own, global, true, 2);

        PredictionDoubles.KeyedPrediction read = PredictionDoubles.readKeyed(value, 3);
        assertEquals(199_000, read.label());
        assertEquals("NEAR BAY — 湾", read.modelKey());
        assertSameBits(own, read.own(), "the key's learner");
        assertSameBits(global, read.global(), "global learner");
        assertTrue(read.servedByGlobal());
        assertEquals(2, read.served());
        assertEquals(Double.POSITIVE_INFINITY, read.servedPrice(), "global[2]");
        int keyBytes = "NEAR BAY — 湾".getBytes(StandardCharsets.UTF_8).length;
        assertEquals(8 + 4 + keyBytes + 1 + 4 + 8 * 6, value.length);
    }

    @Test
    void readsAKeyedRecordsLayoutAsDocumented() {
        byte[] value = PredictionDoubles.writeKeyed(Double.NaN, "K", new double[] {1.5}, new double[] {2.5}, false, 0);
        ByteBuffer buffer = ByteBuffer.wrap(value);
        assertTrue(Double.isNaN(buffer.getDouble()), "the label first, NaN for an unlabeled record");
        assertEquals(1, buffer.getInt(), "the key's length");
        assertEquals('K', buffer.get());
        assertEquals(1, buffer.get(), "flags: the global learners predicted it, and the key's price was served");
        assertEquals(0, buffer.getInt(), "the served learner's index");
        assertEquals(1.5, buffer.getDouble(), "the key's learners first");
        assertEquals(2.5, buffer.getDouble(), "then the global learners");
        assertFalse(buffer.hasRemaining());
        assertFalse(PredictionDoubles.readKeyed(value, 1).labeled());
    }

    @Test
    void tellsARecordWithoutAKeyFromAnEmptyKeyAndAKeyOfKeysAlone() {
        PredictionDoubles.KeyedPrediction noKey = PredictionDoubles.readKeyed(
                PredictionDoubles.writeKeyed(3, null, null, new double[] {7, 8}, true, 1), 2);
        assertNull(noKey.modelKey());
        assertNull(noKey.own(), "a record without the key field has only the global learners' predictions");
        assertEquals(8, noKey.servedPrice());

        PredictionDoubles.KeyedPrediction empty = PredictionDoubles.readKeyed(
                PredictionDoubles.writeKeyed(3, "", new double[] {1, 2}, new double[] {7, 8}, false, 0), 2);
        assertEquals("", empty.modelKey(), "an empty text is a key");
        assertEquals(1, empty.servedPrice());

        PredictionDoubles.KeyedPrediction alone = PredictionDoubles.readKeyed(
                PredictionDoubles.writeKeyed(3, "k", new double[] {1, 2}, null, false, 1), 2);
        assertNull(alone.global(), "keys alone: the global learners did not predict the key's record");
        assertEquals(2, alone.servedPrice());
    }

    @Test
    void refusesAKeyedRecordWrittenForAnotherNumberOfLearnersOrCutShort() {
        byte[] forTwo = PredictionDoubles.writeKeyed(1, "k", new double[2], new double[2], false, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionDoubles.readKeyed(forTwo, 3));
        assertEquals("not a keyed prediction record for 3 learners: 50 bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictionDoubles.readKeyed(forTwo, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PredictionDoubles.readKeyed(java.util.Arrays.copyOf(forTwo, 10), 2));
        assertThrows(IllegalArgumentException.class, () -> PredictionDoubles.readKeyed(null, 2));
        assertThrows(IllegalArgumentException.class,
                () -> PredictionDoubles.readKeyed(PredictionDoubles.write(1, new double[2]), 2),
                "an unkeyed record is not a keyed one");
        assertThrows(IllegalArgumentException.class,
                () -> PredictionDoubles.writeKeyed(1, "k", null, new double[2], true, 0), "a key without its learners");
    }
}
