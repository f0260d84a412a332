package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = ListingClock.DAY_MILLIS;
    private static final long START = ListingClock.DEFAULT_START.toEpochMilli();

    private static List<HouseMessage> stream(long seed, double unlabeledFraction, long houses, double perDay,
                                             String delay) {
        List<HouseMessage> messages = new ArrayList<>();
        new ListingStream(new HouseGenerator(seed, unlabeledFraction), seed, houses, new ListingClock(perDay),
                LabelDelay.parse(delay)).forEachRemaining(messages::add);
        return messages;
    }

    private static boolean isSale(HouseMessage m) {
        return !m.json().contains("longitude");
    }

    /** One house a day, sold two days later: L2 and S0 fall on day 2, L3 and S1 on day 3, listings first. */
    @Test
    void shouldMergeListingsAndSalesInEventTimeOrderListingFirstOnATie() {
        List<String> events = new ArrayList<>();
        List<Long> days = new ArrayList<>();
        for (HouseMessage m : stream(9, 0, 4, 1, "2d")) {
            events.add((isSale(m) ? "S" : "L") + m.key().substring("gen-9-".length()));
            days.add((m.timestamp() - START) / DAY);
        }
        assertEquals(List.of("L0", "L1", "L2", "S0", "L3", "S1", "S2", "S3"), events);
        assertEquals(List.of(0L, 1L, 2L, 2L, 3L, 3L, 4L, 5L), days);
    }

    @Test
    void withNoDelayEachSaleFollowsItsListing() {
        List<HouseMessage> messages = stream(9, 0, 3, 1000, "0");
        for (int n = 0; n < 3; n++) {
            assertEquals(messages.get(2 * n).key(), messages.get(2 * n + 1).key());
            assertEquals(START + n * 86_400L, messages.get(2 * n).timestamp());
            assertEquals(messages.get(2 * n).timestamp(), messages.get(2 * n + 1).timestamp());
        }
    }

    /**
     * 5,000 houses, a fifth unlabeled, sold log-normally 30 days after listing at 1,000 a day: every house listed
     * once with its generated features and no price, every priced house sold once afterwards with only that price.
     */
    @Test
    void shouldListEveryHouseAndSellOnlyThePricedOnesWithTheirPrice() throws IOException {
        List<HouseMessage> messages = stream(11, 0.2, 5000, 1000, "lognormal:30d");
        HouseGenerator generator = new HouseGenerator(11, 0.2);
        Map<String, GeneratedHouse> houses = new HashMap<>();
        for (int n = 0; n < 5000; n++) {
            GeneratedHouse house = generator.nextHouse();
            houses.put(house.key(), house);
        }
        long priced = houses.values().stream().filter(GeneratedHouse::labeled).count();
        assertEquals(3_991, priced);
        assertEquals(5000 + priced, messages.size());

        Map<String, Long> listedAt = new HashMap<>();
        long previous = Long.MIN_VALUE;
        int listings = 0;
        for (HouseMessage m : messages) {
            assertTrue(m.timestamp() >= previous, "timestamps never go back: " + m.key());
            previous = m.timestamp();
            GeneratedHouse house = houses.get(m.key());
            if (isSale(m)) {
                assertTrue(house.labeled(), "an unlabeled house is never sold: " + m.key());
                assertTrue(listedAt.containsKey(m.key()), "sold after its listing: " + m.key());
                assertEquals("{\"median_house_value\":" + (long) house.medianHouseValue() + "}", m.json());
                assertTrue(m.timestamp() - listedAt.remove(m.key()) > 0);
            } else {
                assertEquals(house.key(), HouseGenerator.key(11, listings), "listed in the generator's order");
                assertEquals(START + listings * 86_400L, m.timestamp());
                ObjectNode expected = (ObjectNode) JSON.readTree(house.toMessage().value());
                expected.remove("median_house_value");
                assertEquals(expected, JSON.readTree(m.value()));
                listedAt.put(m.key(), m.timestamp());
                listings++;
            }
        }
        assertEquals(5000, listings);
        assertEquals(5000 - priced, listedAt.size(), "the houses still listed are the unlabeled ones");
        assertFalse(listedAt.keySet().stream().anyMatch(k -> houses.get(k).labeled()));
    }

    @Test
    void theUnlabeledFractionNeverMovesAnotherHousesSale() {
        Map<String, Long> allSold = new HashMap<>();
        stream(3, 0, 2000, 1000, "lognormal:10d").stream().filter(ListingStreamTest::isSale)
                .forEach(m -> allSold.put(m.key(), m.timestamp()));
        List<HouseMessage> someSold = stream(3, 0.5, 2000, 1000, "lognormal:10d").stream()
                .filter(ListingStreamTest::isSale).toList();
        assertTrue(someSold.size() > 900 && someSold.size() < 1100, "about half sold: " + someSold.size());
        someSold.forEach(m -> assertEquals(allSold.get(m.key()), m.timestamp(), m.key()));
    }
}
