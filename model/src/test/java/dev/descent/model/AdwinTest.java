package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The drift-detector contract at the default δ, the cut and the window's size. */
class AdwinTest extends DriftDetectorContract {
    /** Bytes before the rows: tag, width, tick, clip low and high, statistic, detections. */
    private static final int HEADER = 1 + 8 + 4 + 8 + 8 + 8 + 8;

    AdwinTest() {
        super(80, 112);
    }

    @Override
    DriftDetector create() {
        return new Adwin();
    }

    /**
     * 48 zeros then ones: at 96 values the split 48 | 48 has |μ₁ - μ₀| = 1 against
     * ε = √(2·0.25·L/24) + (2/3)·3·0.5·L/24 ≈ 0.77 (L = ln(2 ln 96 / δ) ≈ 8.4); at 64 (16 ones) ε is
     * still above 1.
     */
    @Test
    void shouldCutANoiselessStepAtTheStepAndNotDetectItAgain() {
        Adwin detector = new Adwin();
        for (int i = 0; i < 48; i++) {
            assertFalse(detector.add(0));
        }
        for (int i = 0; i < 47; i++) {
            assertFalse(detector.add(1), "one " + i);
        }
        assertTrue(detector.add(1), "the check at value 96 finds the step");
        assertTrue(detector.statistic() > 1, "statistic " + detector.statistic());
        for (int i = 0; i < 1000; i++) {
            assertFalse(detector.add(1), "value " + i + " after the cut");
        }
        assertEquals(1, detector.detections());
    }

    @Test
    void shouldKeepTheWindowInLogarithmicMemory() {
        Adwin detector = new Adwin();
        SplittableRandom random = new SplittableRandom(61);
        for (int i = 0; i < 1 << 20; i++) {
            detector.add(random.nextGaussian());
        }
        assertEquals(0, detector.detections());
        int bytes = state(detector).length;
        // 2^20 values: rows of sizes up to 2^18, each at most M buckets of a sum and an M2.
        int rows = 19;
        assertTrue(bytes <= HEADER + 4 + rows * (4 + Adwin.M * 16), bytes + " bytes");
        System.out.printf("Adwin state after 2^20 stationary values: %d bytes%n", bytes);
    }

    @Test
    void shouldRejectImplausibleSettingsAndState() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new Adwin(0));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(1));
        assertThrows(IllegalArgumentException.class, () -> new Adwin(Double.NaN));
        Adwin detector = new Adwin();
        for (int i = 0; i < 100; i++) {
            detector.add(i % 3);
        }
        byte[] bytes = state(detector);
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putLong(1, 99).array()),
                "a width the buckets do not hold");
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putInt(9, Adwin.CLOCK).array()));
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putInt(HEADER, 1 << 20).array()),
                "a million rows");
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putInt(HEADER + 4, 7).array()),
                "seven buckets in a row");
        assertThrows(IOException.class,
                () -> restored(ByteBuffer.wrap(bytes.clone()).putDouble(HEADER + 8 + 8, -1).array()), "a negative M2");
        restored(bytes);
    }
}
