package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {
    private static final double TOLERANCE = 1e-15;

    @Test
    void shouldKeepAConstantRate() {
        Schedule s = Schedule.constant(0.05);
        for (long t : new long[] {1, 2, 10, 1_000_000}) {
            assertEquals(0.05, s.at(t), 0.0);
        }
    }

    /** η/t^p with η = 0.5: p = 0.5 gives 0.5, 0.5/√2, 0.25 (t = 4), 0.05 (t = 100); p = 1 gives 0.5/t. */
    @Test
    void shouldDivideByAPowerOfTheUpdateCount() {
        Schedule s = Schedule.inverseScaling(0.5, 0.5);
        assertEquals(0.5, s.at(1), TOLERANCE);
        assertEquals(0.35355339059327373, s.at(2), TOLERANCE);
        assertEquals(0.25, s.at(4), TOLERANCE);
        assertEquals(0.05, s.at(100), TOLERANCE);
        Schedule harmonic = Schedule.inverseScaling(0.5, 1);
        assertEquals(0.125, harmonic.at(4), TOLERANCE);
        assertEquals(0.005, harmonic.at(100), TOLERANCE);
    }

    /** η·factor^⌊(t-1)/every⌋ with η = 0.1, every = 3, factor = 0.5: 0.1 for t = 1..3, 0.05 for 4..6, 0.025 at 7. */
    @Test
    void shouldDecayInStepsOfEveryUpdates() {
        Schedule s = Schedule.step(0.1, 3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
        for (int t = 1; t <= expected.length; t++) {
            assertEquals(expected[t - 1], s.at(t), TOLERANCE, "t = " + t);
        }
        assertEquals(0.1 * Math.pow(0.5, 333), s.at(1000), 0.0);
        assertEquals(0.1, Schedule.step(0.1, 1, 1.0).at(50), 0.0, "factor 1 never decays");
    }

    static Stream<Arguments> invalidSchedules() {
        return Stream.of(
                Arguments.of("zero rate", (Supplier<Schedule>) () -> Schedule.constant(0), "learning rate"),
                Arguments.of("negative rate", (Supplier<Schedule>) () -> Schedule.constant(-0.1), "learning rate"),
                Arguments.of("NaN rate", (Supplier<Schedule>) () -> Schedule.constant(Double.NaN), "learning rate"),
                Arguments.of("infinite rate", (Supplier<Schedule>) () -> Schedule.constant(Double.POSITIVE_INFINITY),
                        "learning rate"),
                Arguments.of("zero power", (Supplier<Schedule>) () -> Schedule.inverseScaling(0.1, 0), "power"),
                Arguments.of("negative power", (Supplier<Schedule>) () -> Schedule.inverseScaling(0.1, -1), "power"),
                Arguments.of("NaN power", (Supplier<Schedule>) () -> Schedule.inverseScaling(0.1, Double.NaN), "power"),
                Arguments.of("zero every", (Supplier<Schedule>) () -> Schedule.step(0.1, 0, 0.5), "every"),
                Arguments.of("zero factor", (Supplier<Schedule>) () -> Schedule.step(0.1, 10, 0), "factor"),
                Arguments.of("growing factor", (Supplier<Schedule>) () -> Schedule.step(0.1, 10, 1.5), "factor"),
                Arguments.of("NaN factor", (Supplier<Schedule>) () -> Schedule.step(0.1, 10, Double.NaN), "factor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSchedules")
    void shouldRejectInvalidScheduleArguments(String name, Supplier<Schedule> schedule, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, schedule::get);
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }
}
