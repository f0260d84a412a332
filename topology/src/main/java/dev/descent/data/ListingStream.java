package dev.descent.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A generator's houses as a housing feed sends them: each house's listing (its features, no
 * price), and later its sale (the same key, only {@code median_house_value}), both stamped with
 * their event time and merged in event-time order.
 *
 * <p>House n is listed at {@link ListingClock#listedAt}(n) and sells {@link LabelDelay} later; on
 * a tie the listing comes first ({@link SaleQueue}). A house the generator leaves unlabeled is
 * listed and never sold. The delays come from their own {@link Random}, seeded from the
 * generator's seed but not its stream, and one is drawn for every house, sold or not, so the
 * unlabeled fraction never moves another house's sale. Deterministic: the same seed, clock and
 * delay give the same messages with the same timestamps. Not thread-safe.
 */
public final class ListingStream implements Iterator<HouseMessage> {

    /** Mixed into the generator's seed so the delays do not repeat the houses' own draws. */
    private static final long DELAY_SEED_MIX = 0x9E3779B97F4A7C15L;

    private final HouseGenerator houses;
    private final long listings;
    private final ListingClock clock;
    private final LabelDelay delay;
    private final Random delays;
    private final SaleQueue<HouseMessage> sales = new SaleQueue<>();
    private long listed;

    /**
     * @param seed     the generator's seed (it seeds the delays)
     * @param listings houses to list, 0 for endless
     */
    public ListingStream(HouseGenerator houses, long seed, long listings, ListingClock clock, LabelDelay delay) {
        if (listings < 0) {
            throw new IllegalArgumentException("cannot list a negative number of houses: " + listings);
        }
        this.houses = houses;
        this.listings = listings;
        this.clock = clock;
        this.delay = delay;
        this.delays = new Random(seed ^ DELAY_SEED_MIX);
    }

    @Override
    public boolean hasNext() {
        return listingsLeft() || !sales.isEmpty();
    }

    @Override
    public HouseMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!listingsLeft() || sales.dueBefore(clock.listedAt(listed))) {
            return sales.poll().item();
        }
        return list(houses.nextHouse());
    }

    private boolean listingsLeft() {
        return listings == 0 || listed < listings;
    }

    private HouseMessage list(GeneratedHouse house) {
        long n = listed++;
        long at = clock.listedAt(n);
        long saleAt = at + delay.sampleMillis(delays);
        if (house.labeled()) {
            sales.add(saleAt, n, house.sale(saleAt));
        }
        return house.listing(at);
    }
}
