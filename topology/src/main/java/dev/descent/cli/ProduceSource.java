package dev.descent.cli;

import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import dev.descent.data.ListingStream;
import dev.descent.data.PriceDrift;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What {@code produce} sends, as positions a rerun can start from: a CSV file's good lines, or
 * generated houses. Both are the same every time, so record n of one run is record n of the next.
 */
sealed interface ProduceSource {

    /** Records in the source; 0 for an endless generator. */
    long size();

    /** The records from position {@code first} (from 0) on. */
    Iterator<HouseMessage> from(long first);

    /** The position after the record with {@code key}, where a run that sent it continues; empty if it has none. */
    OptionalLong after(String key);

    /** e.g. "the first 30,000 houses generated with seed 42", for a message. */
    String describe();

    /** A CSV file's good lines, keyed {@code <file name>-<data line index>}. */
    record Rows(List<HouseMessage> rows, String fileName) implements ProduceSource {
        @Override
        public long size() {
            return rows.size();
        }

        @Override
        public Iterator<HouseMessage> from(long first) {
            return rows.subList((int) first, rows.size()).iterator();
        }

        @Override
        public OptionalLong after(String key) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).key().equals(key)) {
                    return OptionalLong.of(i + 1);
                }
            }
            return OptionalLong.empty();
        }

        @Override
        public String describe() {
            return "the good lines of " + fileName;
        }
    }

    /** The generator's first {@code size} houses, or all of them for 0; a market move prices record n alike in any run. */
    record Generated(long seed, double unlabeledFraction, List<PriceDrift> drift, long size) implements ProduceSource {
        @Override
        public Iterator<HouseMessage> from(long first) {
            HouseGenerator generator = new HouseGenerator(seed, unlabeledFraction, drift).skip(first);
            return size == 0 ? generator : generator.limit(size - first);
        }

        @Override
        public OptionalLong after(String key) {
            OptionalLong n = HouseGenerator.index(seed, key);
            return n.isPresent() && (size == 0 || n.getAsLong() < size) ? OptionalLong.of(n.getAsLong() + 1)
                    : OptionalLong.empty();
        }

        @Override
        public String describe() {
            return (size == 0 ? "the houses" : String.format(Locale.ROOT, "the first %,d houses", size))
                    + " generated with seed " + seed;
        }
    }

    /**
     * Generated houses as listings and their later sales ({@link ListingStream}): two messages per sold house.
     *
     * @param messages listings and sales in all, 0 for endless
     */
    record Listings(Generated houses, LabelDelay delay, ListingClock clock, long messages) implements ProduceSource {

        /** Counts the messages: one per house, one more per house the generator prices. */
        static Listings of(Generated houses, LabelDelay delay, ListingClock clock) {
            long messages = 0;
            if (houses.size() > 0) {
                HouseGenerator generator = new HouseGenerator(houses.seed(), houses.unlabeledFraction(), houses.drift());
                for (long n = 0; n < houses.size(); n++) {
                    messages += generator.nextHouse().labeled() ? 2 : 1;
                }
            }
            return new Listings(houses, delay, clock, messages);
        }

        @Override
        public long size() {
            return messages;
        }

        @Override
        public Iterator<HouseMessage> from(long first) {
            ListingStream stream = new ListingStream(new HouseGenerator(houses.seed(), houses.unlabeledFraction(),
                    houses.drift()), houses.seed(), houses.size(), clock, delay);
            for (long i = 0; i < first && stream.hasNext(); i++) {
                stream.next();
            }
            return stream;
        }

        /** Always empty: a key names both a house's listing and its sale, so it cannot say where a run stopped. */
        @Override
        public OptionalLong after(String key) {
            return OptionalLong.empty();
        }

        @Override
        public String describe() {
            return "the listings and sales of " + houses.describe();
        }
    }
}
