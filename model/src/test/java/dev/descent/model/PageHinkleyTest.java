package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The drift-detector contract at the defaults, and the test's arithmetic by hand. */
class PageHinkleyTest extends DriftDetectorContract {

    PageHinkleyTest() {
        super(50, 75);
    }

    @Override
    DriftDetector create() {
        return new PageHinkley();
    }

    /**
     * Thirty values -1, 1, -1, … set the mean 0 and the standard deviation √(30/29); then 2 adds
     * 2/√(30/29) - δ to S, and 10, far beyond, adds only the clipped 3 - δ; -100 takes off the
     * clipped 3 + δ, twice: S stops at 0.
     */
    @Test
    void shouldStandardizeEachValueByTheOnesBeforeItAndClipAtThreeStandardDeviations() {
        PageHinkley detector = new PageHinkley(0.5, 100);
        for (int i = 0; i < 30; i++) {
            assertFalse(detector.add(i % 2 == 0 ? -1 : 1));
            assertEquals(0, detector.statistic(), 0.0, "warming up");
        }
        detector.add(2);
        double first = 2 / Math.sqrt(30.0 / 29) - 0.5;
        assertEquals(first, detector.statistic(), 1e-12);
        detector.add(10);
        assertEquals(first + 3 - 0.5, detector.statistic(), 1e-12);
        detector.add(-100);
        assertEquals(first + 3 - 0.5 - 3 - 0.5, detector.statistic(), 1e-12);
        detector.add(-100);
        assertEquals(0, detector.statistic(), 0.0, "S never goes below 0");
    }

    @Test
    void shouldStartAfreshAfterADetection() {
        PageHinkley detector = new PageHinkley(0.5, 5);
        for (int i = 0; i < 30; i++) {
            detector.add(i % 2 == 0 ? -1 : 1);
        }
        int at = 0;
        while (!detector.add(100)) {
            at++;
        }
        assertEquals(2, at, "2.5 + 2.5 + 2.5 passes 5 at the third value");
        assertEquals(7.5, detector.statistic(), 1e-12, "the statistic shows the value that crossed");
        for (int i = 0; i < 30; i++) {
            assertFalse(detector.add(100 + (i % 2 == 0 ? -1 : 1)));
            assertEquals(0, detector.statistic(), 0.0, "warming up again");
        }
    }

    @Test
    void shouldRejectImplausibleSettingsAndState() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(-0.1, 30));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(Double.NaN, 30));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0.25, 0));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0.25, Double.POSITIVE_INFINITY));
        PageHinkley detector = new PageHinkley();
        for (int i = 0; i < 100; i++) {
            detector.add(i % 3);
        }
        byte[] bytes = state(detector);
        // tag, count, mean, M2, S, statistic, detections
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putLong(1, -1).array()));
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putDouble(17, -1).array()));
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putDouble(25, 31).array()));
        assertThrows(IOException.class, () -> restored(ByteBuffer.wrap(bytes.clone()).putLong(41, -2).array()));
        restored(bytes);
    }
}
