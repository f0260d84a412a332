package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayedLabelsTest {

    /** Writes L<row> for a listing and S<row> for a sale; a row's first feature is its number. */
    private static final class Recorder implements DelayedLabels.Market {
        final List<String> events = new ArrayList<>();

        @Override
        public double list(double[] x) {
            events.add("L" + (int) x[0]);
            return 100 + x[0];
        }

        @Override
        public void sell(double[] x, double label, double listedPrediction) {
            events.add("S" + (int) x[0]);
            assertEquals(100 + x[0], listedPrediction, "the prediction made at its listing");
            assertEquals(10 * x[0], label);
        }
    }

    /**
     * One row a day, sold two days later: day 0 L0, day 1 L1, day 2 L2 then S0 (a listing first on a tie), day 3 L3
     * then S1; S1, S2 and S3 were still pending at the last listing and are learned when the rows end.
     */
    @Test
    void shouldListAndSellInEventTimeOrderAndSellWhatIsPendingAtTheEnd() {
        DelayedLabels delayed = new DelayedLabels(new SaleTiming(2, 1));
        Recorder market = new Recorder();
        for (int row = 0; row < 4; row++) {
            delayed.next(new double[] {row}, 10 * row, market);
        }
        delayed.end(market);

        assertEquals(List.of("L0", "L1", "L2", "S0", "L3", "S1", "S2", "S3"), market.events);
        assertEquals(3, delayed.pendingAtLastListing());
    }

    /** Row 1 is bad (it keeps its day, nothing else), row 2 has no label (listed, never sold). */
    @Test
    void aBadRowTakesItsDayAndAnUnlabeledRowIsNeverSold() {
        DelayedLabels delayed = new DelayedLabels(new SaleTiming(2, 1));
        Recorder market = new Recorder();
        delayed.next(new double[] {0}, 0, market);
        delayed.next(null, Double.NaN, market);
        delayed.next(new double[] {2}, Double.NaN, market);
        delayed.next(new double[] {3}, 30, market);
        delayed.end(market);

        assertEquals(List.of("L0", "L2", "S0", "L3", "S3"), market.events);
        assertEquals(1, delayed.pendingAtLastListing());
    }

    /** A row a day and no delay: every row sold before the next is listed. */
    @Test
    void withNoDelayEachRowSellsRightAfterItsListing() {
        DelayedLabels delayed = new DelayedLabels(new SaleTiming(0, 1));
        Recorder market = new Recorder();
        for (int row = 0; row < 3; row++) {
            delayed.next(new double[] {row}, 10 * row, market);
        }
        delayed.end(market);

        assertEquals(List.of("L0", "S0", "L1", "S1", "L2", "S2"), market.events);
        assertEquals(1, delayed.pendingAtLastListing());
    }
}
