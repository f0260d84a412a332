package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ErrorWindowsTest {

    /**
     * Labels 1, 2, 3, 4, then 5…10, predicted 0: squared errors 1, 4, 9, …, 100, so the window's
     * MSE is 385/10 = 38.5 and Σe⁴ = 25,333; the labels' mean is 5.5 and M2 = 82.5, so the mean
     * predictor's MSE is 8.25 (predicting 0 is far worse: R² = 1 − 38.5/8.25 < 0).
     */
    @Test
    void shouldKeepTheMseAndTheMeanPredictorsMseOfTheLastWindow() {
        ErrorWindows windows = new ErrorWindows(10);
        for (int y = 1; y <= 10; y++) {
            windows.add(0, y);
        }

        assertEquals(1, windows.completeWindows());
        assertEquals(38.5, windows.last().mse(), 1e-12);
        assertEquals(8.25, windows.last().meanPredictorMse(), 1e-12);
        // (Σe⁴ − n·mse²)/(n(n − 1)) = (25,333 − 10·38.5²)/90 = 10,510.5/90
        assertEquals(10_510.5 / 90, windows.last().mseVariance(), 1e-9);
        // blocks of one record: the batch means are the squared errors themselves
        assertEquals(1, windows.last().inflation());
    }

    @Test
    void shouldKeepTheLastTwoCompleteWindows() {
        ErrorWindows windows = new ErrorWindows(10);
        for (int i = 0; i < 35; i++) {
            windows.add(0, i < 10 ? 1 : i < 20 ? 2 : i < 30 ? 3 : 4);
        }

        assertEquals(3, windows.completeWindows());
        assertEquals(4, windows.previous().mse(), 1e-12);
        assertEquals(9, windows.last().mse(), 1e-12);
    }

    @Test
    void shouldNotCountNonFinitePredictionsNorLabelsALearnerRefuses() {
        ErrorWindows windows = new ErrorWindows(10);
        windows.add(Double.NaN, 1);
        windows.add(Double.POSITIVE_INFINITY, 1);
        windows.add(0, Double.NaN);
        windows.add(0, 2e15);
        for (int i = 0; i < 9; i++) {
            windows.add(0, 2);
        }
        assertEquals(0, windows.completeWindows());

        windows.add(0, 2);
        assertEquals(1, windows.completeWindows());
        assertEquals(4, windows.last().mse(), 1e-12);
    }

    @Test
    void shouldTakeAnAbsurdPredictionAsAnInfiniteErrorNotNaN() {
        ErrorWindows windows = new ErrorWindows(10);
        windows.add(1e300, 0);
        for (int i = 0; i < 9; i++) {
            windows.add(0, i);
        }

        assertEquals(Double.POSITIVE_INFINITY, windows.last().mse());
        assertEquals(LearnerStatus.POOR, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    @Test
    void shouldRefuseWindowsThatCannotBeSplitIntoItsBlocks() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorWindows(0));
        assertThrows(IllegalArgumentException.class, () -> new ErrorWindows(5));
        assertThrows(IllegalArgumentException.class, () -> new ErrorWindows(1001));
        assertEquals(ErrorWindows.DEFAULT_WINDOW, new ErrorWindows().window());
    }

    @Test
    void shouldGoOnBitForBitAfterARoundTripOfItsState() throws IOException {
        Random random = new Random(4);
        ErrorWindows original = new ErrorWindows(100);
        for (int i = 0; i < 2_345; i++) {
            original.add(random.nextGaussian(), 10 * random.nextGaussian());
        }
        ErrorWindows restored = new ErrorWindows(100);
        restored.readState(input(state(original)));

        for (int i = 0; i < 1_000; i++) {
            double prediction = random.nextGaussian() * (i < 500 ? 1 : 3);
            double label = 10 * random.nextGaussian();
            original.add(prediction, label);
            restored.add(prediction, label);
            assertEquals(LearnerStatus.of(Learner.Status.CONVERGED, original),
                    LearnerStatus.of(Learner.Status.CONVERGED, restored));
        }
        assertEquals(original.completeWindows(), restored.completeWindows());
        assertArrayEquals(state(original), state(restored));
    }

    @Test
    void shouldRejectStateThatIsNotAWindowsState() throws IOException {
        ErrorWindows windows = new ErrorWindows(10);
        for (int i = 0; i < 25; i++) {
            windows.add(0, i);
        }
        byte[] valid = state(windows);
        // window size 10 (int), complete windows 2 (long), then three windows of a count (int) and 6 doubles
        int firstWindow = 4 + 8;
        int windowBytes = 4 + 6 * 8;

        assertRejected(new ErrorWindows(20), valid, "error windows of 10 records, expected 20");
        assertRejected(windows, with(valid, b -> b.putLong(4, -1)), "negative count");
        assertRejected(windows, with(valid, b -> b.putInt(firstWindow, 9)), "error window of 9 records");
        assertRejected(windows, with(valid, b -> b.putInt(firstWindow + 2 * windowBytes, 10)),
                "error window of 10 records, expected 0 to 9");
        assertRejected(windows, with(valid, b -> b.putDouble(firstWindow + 4, Double.NaN)), "corrupt error window");
        assertRejected(windows, with(valid, b -> b.putDouble(firstWindow + 4 + 8, -1)), "corrupt error window");
        for (int length = 0; length < valid.length; length++) {
            assertRejected(windows, Arrays.copyOf(valid, length), null);
        }
        windows.readState(input(valid));      // still reads what it wrote
    }

    private static void assertRejected(ErrorWindows windows, byte[] bytes, String message) {
        IOException e = assertThrows(IOException.class, () -> windows.readState(input(bytes)));
        assertTrue(message == null || e.getMessage().contains(message), e.getMessage());
    }

    private static byte[] with(byte[] bytes, Consumer<ByteBuffer> change) {
        byte[] copy = bytes.clone();
        change.accept(ByteBuffer.wrap(copy));
        return copy;
    }

    private static byte[] state(ErrorWindows windows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        windows.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
