package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
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
}
