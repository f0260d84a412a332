package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What a {@link DriftDetector} at its defaults must do, run by each detector's test: at most one
 * false alarm per million stationary Gaussian values at any scale, every 1σ rise detected within
 * the delays its Javadoc states, and a state that restores bit for bit. The measured numbers are
 * printed; they are the ones the detectors' Javadoc quotes.
 *
 * <p>Delays count the values after the change up to and including the one detected at; median and
 * p95 are nearest-rank over {@value #RUNS} seeds.
 */
abstract class DriftDetectorContract {
    private static final int MILLION = 1_000_000;
    private static final int RUNS = 100;
    private static final int CHANGE_AT = 10_000;
    /** Values after a change before a run counts as missed. */
    private static final int PATIENCE = 20_000;

    private final int medianBound;
    private final int p95Bound;

    /** @param medianBound the largest median delay of a 1σ rise the detector may show, and p95Bound its p95 */
    DriftDetectorContract(int medianBound, int p95Bound) {
        this.medianBound = medianBound;
        this.p95Bound = p95Bound;
    }

    /** A detector at its defaults. */
    abstract DriftDetector create();

    private String name() {
        return create().getClass().getSimpleName();
    }

    /** The i-th value of a stream, made from an N(0,1) draw {@code g}. */
    @FunctionalInterface
    private interface Values {
        double at(int i, double g);
    }

    /** The indices of the first {@code count} values of {@code stream} at which {@code detector} detects. */
    private static List<Integer> alarms(DriftDetector detector, long seed, int count, Values stream) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (detector.add(stream.at(i, random.nextGaussian()))) {
                at.add(i);
            }
        }
        return at;
    }

    private int[] falseAlarmsPerMillion(long[] seeds, Values stream) {
        return Arrays.stream(seeds).mapToInt(seed -> alarms(create(), seed, MILLION, stream).size()).toArray();
    }

    @Test
    void shouldRaiseAtMostOneFalseAlarmPerMillionStationaryGaussianValues() {
        int[] standard = falseAlarmsPerMillion(new long[] {1, 2, 3}, (i, g) -> g);
        int[] shifted = falseAlarmsPerMillion(new long[] {4, 5, 6}, (i, g) -> 5 + 2 * g);
        System.out.printf("%s false alarms per million: N(0,1) %s, N(5,2²) %s, total %d in 6 million%n", name(),
                Arrays.toString(standard), Arrays.toString(shifted), Arrays.stream(standard).sum()
                        + Arrays.stream(shifted).sum());
        for (int alarms : standard) {
            assertTrue(alarms <= 1, "N(0,1): " + Arrays.toString(standard));
        }
        for (int alarms : shifted) {
            assertTrue(alarms <= 1, "N(5,2²): " + Arrays.toString(shifted));
        }
    }

    /** Squared N(0,1) errors (χ², 1 dof) are what a learner in a stationary world feeds. */
    @Test
    void shouldRarelyFalseAlarmOnStationarySquaredErrors() {
        int[] alarms = falseAlarmsPerMillion(new long[] {7, 8, 9}, (i, g) -> g * g);
        System.out.printf("%s false alarms per million squared N(0,1) errors: %s%n", name(), Arrays.toString(alarms));
        for (int a : alarms) {
            assertTrue(a <= 1, Arrays.toString(alarms));
        }
    }

    @Test
    void shouldDetectTheSameAtAnyScale() {
        // A mean that steps 0, 1, 2 against the same stream times 2, plus 5.
        Values steps = (i, g) -> i / CHANGE_AT + g;
        List<Integer> standard = alarms(create(), 21, 3 * CHANGE_AT, steps);
        assertEquals(standard, alarms(create(), 21, 3 * CHANGE_AT, (i, g) -> 5 + 2 * steps.at(i, g)));
        // Squared errors whose standard deviation steps 1, 2, 4, against errors of about $10⁵ (dollars² near 1e10).
        Values squaredErrors = (i, g) -> {
            double e = (1 << (i / CHANGE_AT)) * g;
            return e * e;
        };
        List<Integer> units = alarms(create(), 22, 3 * CHANGE_AT, squaredErrors);
        assertEquals(units, alarms(create(), 22, 3 * CHANGE_AT, (i, g) -> 1e10 * squaredErrors.at(i, g)));
        assertTrue(standard.size() >= 2 && units.size() >= 2, standard + " " + units);
    }

    /** Delays of {@value #RUNS} runs that change from {@code before} to {@code after} at value {@value #CHANGE_AT}. */
    private record Delays(int early, int missed, int[] sorted) {
        int median() {
            return sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
        }

        int p95() {
            return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
        }

        @Override
        public String toString() {
            return String.format("median %d, p95 %d, max %d over %d detected; %d missed, %d detections before the change",
                    median(), p95(), sorted[sorted.length - 1], sorted.length, missed, early);
        }
    }

    private Delays delays(DoubleUnaryOperator before, DoubleUnaryOperator after) {
        int early = 0;
        int missed = 0;
        int[] delays = new int[RUNS];
        int detected = 0;
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom random = new SplittableRandom(1000 + run);
            DriftDetector detector = create();
            for (int i = 0; i < CHANGE_AT; i++) {
                early += detector.add(before.applyAsDouble(random.nextGaussian())) ? 1 : 0;
            }
            int delay = 0;
            for (int i = 1; i <= PATIENCE && delay == 0; i++) {
                delay = detector.add(after.applyAsDouble(random.nextGaussian())) ? i : 0;
            }
            if (delay == 0) {
                missed++;
            } else {
                delays[detected++] = delay;
            }
        }
        int[] sorted = Arrays.copyOf(delays, detected);
        Arrays.sort(sorted);
        return new Delays(early, missed, sorted);
    }

    @Test
    void shouldDetectARiseOfOneStandardDeviationWithinItsDocumentedDelay() {
        Delays d = delays(g -> g, g -> 1 + g);
        System.out.printf("%s delay after N(0,1) → N(1,1): %s%n", name(), d);
        assertEquals(0, d.missed(), d.toString());
        assertEquals(0, d.early(), d.toString());
        assertTrue(d.median() <= medianBound, d.toString());
        assertTrue(d.p95() <= p95Bound, d.toString());
    }

    /** Errors whose standard deviation grows by 30%: their squares' mean from 1 to 1.69. No target; measured. */
    @Test
    void shouldDetectARiseInSquaredErrors() {
        Delays d = delays(g -> g * g, g -> 1.69 * g * g);
        System.out.printf("%s delay after squared errors of N(0,1) → N(0,1.3²): %s%n", name(), d);
        assertEquals(0, d.missed(), d.toString());
        assertTrue(d.early() <= 2, d.toString());
    }

    @Test
    void shouldNotReportAFallInTheMean() {
        DriftDetector detector = create();
        assertEquals(List.of(), alarms(detector, 31, CHANGE_AT, (i, g) -> g));
        assertEquals(List.of(), alarms(detector, 32, CHANGE_AT, (i, g) -> g - 1));
        assertEquals(List.of(), alarms(detector, 33, CHANGE_AT, (i, g) -> 0.01 * g - 100));
        assertEquals(0, detector.detections());
    }

    @Test
    void shouldNotDetectAConstantStreamButDetectItsStep() {
        DriftDetector detector = create();
        for (int i = 0; i < CHANGE_AT; i++) {
            assertFalse(detector.add(0.1), "value " + i);
        }
        int at = -1;
        for (int i = 0; i < 100 && at < 0; i++) {
            at = detector.add(0.2) ? i : -1;
        }
        assertTrue(at >= 0, "the step from 0.1 to 0.2 went unnoticed");
        assertEquals(1, detector.detections());
    }

    @Test
    void shouldIgnoreNonFiniteValuesAndStayFiniteOnExtremeOnes() {
        DriftDetector detector = create();
        assertTrue(Double.isNaN(detector.statistic()));
        for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertFalse(detector.add(x));
        }
        assertTrue(Double.isNaN(detector.statistic()));
        assertArrayEquals(state(create()), state(detector), "non-finite values left no trace");
        double[] extremes = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0, 1e300, -1e-300, 1, 1e150};
        SplittableRandom random = new SplittableRandom(41);
        for (int i = 0; i < 20_000; i++) {
            detector.add(extremes[random.nextInt(extremes.length)]);
            assertTrue(Double.isFinite(detector.statistic()), "value " + i + ": " + detector.statistic());
        }
    }

    /** Squared errors whose standard deviation steps through 1, 2, 1, 3, 1, 4, 8 every 8,000 values. */
    private static double[] driftingErrors() {
        int[] scales = {1, 2, 1, 3, 1, 4, 8};
        SplittableRandom random = new SplittableRandom(51);
        double[] values = new double[scales.length * 8000];
        for (int i = 0; i < values.length; i++) {
            double e = scales[i / 8000] * random.nextGaussian();
            values[i] = e * e;
        }
        return values;
    }

    static byte[] state(DriftDetector detector) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            detector.writeState(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    DriftDetector restored(byte[] bytes) throws IOException {
        DriftDetector detector = create();
        detector.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        return detector;
    }

    @Test
    void shouldContinueBitForBitAfterARestore() throws IOException {
        double[] values = driftingErrors();
        DriftDetector original = create();
        int restoreAt = 12_345;
        for (int i = 0; i < restoreAt; i++) {
            original.add(values[i]);
        }
        DriftDetector copy = restored(state(original));
        assertEquals(original.detections(), copy.detections());
        long before = original.detections();
        for (int i = restoreAt; i < values.length; i++) {
            assertEquals(original.add(values[i]), copy.add(values[i]), "value " + i);
            assertEquals(Double.doubleToRawLongBits(original.statistic()), Double.doubleToRawLongBits(copy.statistic()),
                    "value " + i);
        }
        assertTrue(original.detections() > before + 2, "the rises after the restore were detected: " + original.detections());
        assertEquals(original.detections(), copy.detections());
        assertArrayEquals(state(original), state(copy));
    }

    @Test
    void shouldRejectTruncatedForeignOrTamperedState() {
        DriftDetector detector = create();
        for (double x : driftingErrors()) {
            detector.add(x);
        }
        byte[] bytes = state(detector);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(IOException.class, () -> restored(cut), "cut to " + length + " bytes");
        }
        byte[] tagged = bytes.clone();
        tagged[0] ^= 0x01;
        assertThrows(IOException.class, () -> restored(tagged));
        DriftDetector other = detector instanceof Adwin ? new PageHinkley() : new Adwin();
        other.add(1);
        assertThrows(IOException.class, () -> restored(state(other)));
    }

    @Test
    void shouldRestoreAFreshDetector() throws IOException {
        DriftDetector copy = restored(state(create()));
        assertTrue(Double.isNaN(copy.statistic()));
        assertEquals(0, copy.detections());
    }
}
