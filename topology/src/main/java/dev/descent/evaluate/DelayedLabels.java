package dev.descent.evaluate;

import dev.descent.data.ListingClock;
import dev.descent.data.SaleQueue;

/**
 * One learner's pass over rows whose labels come late: each row is a listing, predicted at once,
 * and its label a sale {@link SaleTiming} later, learned then; sales due before a listing come out
 * before it, a sale at a listing's very moment after it ({@link SaleQueue}). Rows without a label
 * are listed and never sold. When the rows end, the sales still pending are learned in their order:
 * their labels are in the file, so the pass learns every label, as one without a delay does.
 */
final class DelayedLabels {

    /** What a learner does with a listing and a sale. */
    interface Market {
        /** Row {@code x} is listed: the price predicted now. */
        double list(double[] x);

        /** A row sells for {@code label}; {@code listedPrediction} is what {@link #list} said at its listing. */
        void sell(double[] x, double label, double listedPrediction);
    }

    private record Listing(double[] x, double label, double prediction) {
    }

    private final ListingClock clock;
    private final long delayMillis;
    private final SaleQueue<Listing> sales = new SaleQueue<>();
    private long row;
    private long pendingAtLastListing;

    DelayedLabels(SaleTiming timing) {
        this.clock = timing.clock();
        this.delayMillis = timing.delayMillis();
    }

    /**
     * The next row of the pass.
     *
     * @param x     its features, copied if it will sell; null for a bad row, which takes its place in time and
     *              nothing else
     * @param label NaN for a row that never sells
     */
    void next(double[] x, double label, Market market) {
        long at = clock.listedAt(row);
        while (sales.dueBefore(at)) {
            sell(market);
        }
        if (x != null) {
            double prediction = market.list(x);
            if (!Double.isNaN(label)) {
                sales.add(at + delayMillis, row, new Listing(x.clone(), label, prediction));
            }
        }
        row++;
    }

    /** The rows ended: every pending sale, in order. */
    void end(Market market) {
        pendingAtLastListing = sales.size();
        while (!sales.isEmpty()) {
            sell(market);
        }
    }

    /** Sales not yet closed when the last row was listed (learned by {@link #end}). */
    long pendingAtLastListing() {
        return pendingAtLastListing;
    }

    private void sell(Market market) {
        Listing sold = sales.poll().item();
        market.sell(sold.x(), sold.label(), sold.prediction());
    }
}
