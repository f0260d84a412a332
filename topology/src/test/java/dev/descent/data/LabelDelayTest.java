package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelDelayTest {
    private static final long DAY = 86_400_000L;

    @ParameterizedTest
    @CsvSource({"30d, 2592000000", "12h, 43200000", "90m, 5400000", "45s, 45000", "0, 0", "1.5d, 129600000", "2D, 172800000"})
    void shouldReadAConstantDelayInItsUnit(String text, long millis) {
        assertEquals(new LabelDelay.Constant(millis), LabelDelay.parse(text));
    }

    @Test
    void shouldReadALogNormalDelayWithTheDefaultSigmaOrTheOneGiven() {
        assertEquals(new LabelDelay.LogNormal(30 * DAY, 0.5), LabelDelay.parse("lognormal:30d"));
        assertEquals(new LabelDelay.LogNormal(12 * 3_600_000L, 0.8), LabelDelay.parse("LogNormal:12h:0.8"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "30|'30': '30' is not a duration; write a number followed by d, h, m or s (days, hours, minutes, seconds), e.g. 30d, or 0",
        "-2d|'-2d': '-2d' is not a duration; write a number followed by d, h, m or s (days, hours, minutes, seconds), e.g. 30d, or 0",
        "30d:2|'30d:2': expected a duration such as 30d, 12h, 90m, 45s or 0, or lognormal:MEDIAN[:SIGMA] such as lognormal:30d or lognormal:30d:0.8",
        "lognormal|'lognormal': expected lognormal:MEDIAN or lognormal:MEDIAN:SIGMA",
        "lognormal:0|'lognormal:0': a log-normal MEDIAN must be above 0 (for no delay write 0)",
        "lognormal:30d:x|'lognormal:30d:x': SIGMA must be a number within 0..5, got 'x'",
        "lognormal:30d:-1|'lognormal:30d:-1': SIGMA must be a number within 0..5, got '-1'"})
    void shouldSayWhatIsWrongWithADelay(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LabelDelay.parse(text)).getMessage());
    }

    @Test
    void aConstantDelayDrawsNothing() {
        Random random = new Random(1);
        assertEquals(2 * DAY, LabelDelay.parse("2d").sampleMillis(random));
        assertEquals(new Random(1).nextLong(), random.nextLong());
    }

    /** 100,000 draws of lognormal:30d: the median within 1% of 30 days, the log's spread within 1% of 0.5. */
    @Test
    void aLogNormalDelayHasItsMedianAndSpread() {
        LabelDelay delay = LabelDelay.parse("lognormal:30d");
        Random random = new Random(5);
        double[] days = new double[100_000];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < days.length; i++) {
            days[i] = delay.sampleMillis(random) / (double) DAY;
            double log = Math.log(days[i] / 30);
            sum += log;
            sumSquares += log * log;
        }
        Arrays.sort(days);
        double sigma = Math.sqrt(sumSquares / days.length - Math.pow(sum / days.length, 2));
        assertEquals(30, days[days.length / 2], 0.3);
        assertEquals(0.5, sigma, 0.005);
    }
}
