package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one wait-by-asking-again loop, on conditions made up to answer when the test wants. */
class PollTest {
    static final Duration LONG = Duration.ofHours(1);
    static final Duration SHORT = Duration.ofMillis(5);

    @Test
    void returnsOnTheFirstAskWithoutWaitingAnInterval() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                Poll.until(LONG, LONG, () -> true, () -> new IllegalStateException("no timeout expected")));
    }

    @Test
    void returnsAsSoonAsTheConditionHolds() throws InterruptedException {
        AtomicInteger asks = new AtomicInteger();
        Poll.until(LONG, SHORT, () -> asks.incrementAndGet() == 3, () -> new IllegalStateException("no timeout expected"));
        assertEquals(3, asks.get(), "asked until it held, and not once more");
    }

    @Test
    void returnsTheProbesFirstAnswer() throws InterruptedException {
        AtomicInteger asks = new AtomicInteger();
        String answer = Poll.untilPresent(LONG, SHORT,
                () -> asks.incrementAndGet() < 4 ? Optional.empty() : Optional.of("answer " + asks.get()),
                () -> new IllegalStateException("no timeout expected"));
        assertEquals("answer 4", answer);
    }

    @Test
    void throwsTheCallersExceptionOnceTheTimeoutHasPassed() {
        AtomicInteger asks = new AtomicInteger();
        IllegalStateException timedOut = new IllegalStateException("topics [houses] have no leader after 50 ms");
        long start = System.nanoTime();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                Poll.until(Duration.ofMillis(50), SHORT, () -> asks.incrementAndGet() < 0, () -> timedOut));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertSame(timedOut, thrown);
        assertTrue(elapsedMillis >= 50, "waited the whole timeout, not " + elapsedMillis + " ms");
        assertTrue(asks.get() >= 2, "asked again while waiting: " + asks.get());
    }

    @Test
    void passesOnWhatTheConditionThrows() {
        IllegalArgumentException failure = new IllegalArgumentException("cannot reach Kafka");
        assertSame(failure, assertThrows(IllegalArgumentException.class, () ->
                Poll.until(LONG, SHORT, () -> {
                    throw failure;
                }, () -> new IllegalStateException("no timeout expected"))));
        InterruptedException interrupted = new InterruptedException("while asking");
        assertSame(interrupted, assertThrows(InterruptedException.class, () ->
                Poll.until(LONG, SHORT, () -> {
                    throw interrupted;
                }, () -> new IllegalStateException("no timeout expected"))));
    }

    @Test
    void anInterruptWhileWaitingThrowsInterruptedException() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () ->
                    Poll.until(LONG, LONG, () -> false, () -> new IllegalStateException("no timeout expected")));
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared, as by Thread.sleep");
        } finally {
            Thread.interrupted();
        }
    }
}
