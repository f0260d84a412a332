package dev.descent.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    static final long MB = 1_000_000;

    /** 40 samples (20 minutes): the warm-up is the first 10. */
    static List<Soak.Sample> series(IntToLongFunction rss, IntToLongFunction heap, IntToLongFunction disk) {
        List<Soak.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(new Soak.Sample(i / 2.0, i * 60_000L, rss.applyAsLong(i), heap.applyAsLong(i), 900 * MB,
                    disk.applyAsLong(i)));
        }
        return samples;
    }

    @Test
    void aFlatRunPassesWhateverItsWarmUpDid() {
        List<Soak.Sample> samples = series(i -> i < 10 ? (100 + 30L * i) * MB : 400 * MB + (i % 3) * MB,
                i -> (50 + i % 4) * MB, i -> Math.min(i, 20) * 40 * MB);
        assertEquals(List.of(), Soak.verdict(samples));
    }

    @Test
    void memoryThatKeepsGrowingAfterTheWarmUpFails() {
        List<Soak.Sample> samples = series(i -> (400 + 5L * i) * MB, i -> (50 + i) * MB, i -> 100 * MB);
        List<String> problems = Soak.verdict(samples);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("run RSS grew from 450.0 MB"), problems.toString());
        assertTrue(problems.get(1).startsWith("heap after GC grew"), problems.toString());
    }

    @Test
    void diskThatNeverLevelsOffFails() {
        List<Soak.Sample> samples = series(i -> 400 * MB, i -> 50 * MB, i -> i * 40 * MB);
        assertEquals(List.of("broker disk still growing: at most 1000.0 MB in the middle third, 1560.0 MB in the last"),
                Soak.verdict(samples));
    }

    @Test
    void aRunTooShortToTellFails() {
        List<Soak.Sample> samples = series(i -> 400 * MB, i -> 50 * MB, i -> 0).subList(0, 4);
        assertEquals(List.of("too short to tell: 4 samples"), Soak.verdict(samples));
    }
}
