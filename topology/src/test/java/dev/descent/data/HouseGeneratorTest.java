package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.topology.HouseParser;
import dev.descent.topology.HouseRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HouseGeneratorTest {
    static final HouseParser PARSER = new HouseParser(CaliforniaHousing.schema());

    @Test
    void theSameSeedGivesTheSameRecordsAndKeysCountFromZero() {
        Iterator<HouseMessage> a = new HouseGenerator(7).limit(200);
        Iterator<HouseMessage> b = new HouseGenerator(7).limit(200);
        for (int n = 0; n < 200; n++) {
            HouseMessage x = a.next();
            HouseMessage y = b.next();
            assertEquals("gen-7-" + n, x.key());
            assertEquals(x.key(), y.key());
            assertEquals(x.json(), y.json());
        }
        assertFalse(a.hasNext());
        assertNotEquals(new HouseGenerator(7).next().json(), new HouseGenerator(8).next().json());
    }

    /** The records of seed 42, labels included, pinned; an empty list of moves changes none of them. */
    @Test
    void withoutDriftTheRecordsOfSeed42AreBitForBitThePinnedOnes() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        new HouseGenerator(42, 0.05).limit(5_000).forEachRemaining(
                m -> sha256.update((m.key() + "\t" + m.json() + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("7a79637577aa252be1aca80ceab5b76396792dbb59626c082db0b30ed1b7d8a1",
                HexFormat.of().formatHex(sha256.digest()));
        assertEquals(records(new HouseGenerator(42, 0.05), 5_000), records(new HouseGenerator(42, 0.05, List.of()), 5_000));
    }

    /** The columns of seed 42 without the labels, pinned apart from them: a change of the price function leaves them. */
    @Test
    void theColumnsOfSeed42AreBitForBitThePinnedOnes() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        HouseGenerator generator = new HouseGenerator(42, 0.05);
        for (int n = 0; n < 5_000; n++) {
            GeneratedHouse house = generator.nextHouse();
            String columns = house.key() + "\t" + house.labeled() + "\t" + house.listing(0).json() + "\n";
            sha256.update(columns.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("e91844debcd9eb63d0b0368064502bdd45d224cbbb9af1ba9956a9732c21ef73",
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** The market scales the true price; the noise, the columns and which records are unlabeled stay as they were. */
    @Test
    void driftMovesTheTruePriceAndLeavesTheNoiseAndTheColumns() {
        List<PriceDrift> drift = List.of(PriceDrift.parse("gradual:0:2000:1.5"), PriceDrift.parse("region:INLAND:1000:0.6"));
        HouseGenerator steady = new HouseGenerator(9, 0.2);
        HouseGenerator moving = new HouseGenerator(9, 0.2, drift);
        for (long n = 0; n < 3_000; n++) {
            GeneratedHouse before = steady.nextHouse();
            GeneratedHouse after = moving.nextHouse();
            assertArrayEquals(before.features(), after.features());
            assertEquals(before.key(), after.key());
            assertEquals(before.labeled(), after.labeled());
            if (after.labeled()) {
                double factor = Math.min(1.5, 1 + 0.5 * n / 2000) * (n >= 1000 && after.oceanProximity().equals("INLAND") ? 0.6 : 1);
                double noise = before.medianHouseValue() - before.truePrice();
                // both labels are rounded to the dollar
                assertEquals(factor * after.truePrice() + noise, after.medianHouseValue(), 1.0, after.key());
            }
        }
    }

    @Test
    void aRegionalMoveLeavesTheOtherRegionsLabelsAlone() {
        HouseGenerator steady = new HouseGenerator(4);
        HouseGenerator moving = new HouseGenerator(4, 0, List.of(PriceDrift.parse("region:NEAR BAY:0:0.5")));
        int nearBay = 0;
        for (int n = 0; n < 2_000; n++) {
            GeneratedHouse before = steady.nextHouse();
            GeneratedHouse after = moving.nextHouse();
            if (after.oceanProximity().equals("NEAR BAY")) {
                nearBay++;
                assertNotEquals(before.medianHouseValue(), after.medianHouseValue(), after.key());
            } else {
                assertEquals(before.medianHouseValue(), after.medianHouseValue(), after.key());
            }
        }
        assertTrue(nearBay > 150, "NEAR BAY houses: " + nearBay);
    }

    /** What produce --from-record and --resume rely on: the factor of record n depends on n and the house alone. */
    @Test
    void theSameSeedAndDriftGiveTheSameRecordsAndASkipPricesAsAnUninterruptedRun() {
        List<PriceDrift> drift = List.of(PriceDrift.parse("gradual:100:300:1.2"), PriceDrift.parse("region:inland:200:0.6"));
        List<String> whole = records(new HouseGenerator(13, 0.1, drift), 500);
        assertEquals(whole, records(new HouseGenerator(13, 0.1, drift), 500));

        for (int first : new int[] {1, 150, 250, 499}) {
            assertEquals(whole.subList(first, 500), records(new HouseGenerator(13, 0.1, drift).skip(first), 500 - first),
                    "resumed at " + first);
        }
        assertEquals(whole.subList(0, 100), records(new HouseGenerator(13, 0.1), 100), "before the first move");
        assertNotEquals(whole.subList(100, 500), records(new HouseGenerator(13, 0.1).skip(100), 400), "after it");
    }

    /** The next {@code count} records of {@code generator}, each as its key and JSON. */
    private static List<String> records(HouseGenerator generator, int count) {
        List<String> records = new ArrayList<>();
        generator.limit(count).forEachRemaining(m -> records.add(m.key() + " " + m.json()));
        return records;
    }

    /**
     * The labels on each side of an abrupt 1.3 move, end to end: the mean of 5,000 labels (about 240,000, standard
     * deviation about 82,000 with the noise) has a standard error near 0.5%, so the ratio of two means one near 0.7%,
     * ±0.009 at 1.3. The tolerance of 0.04 is over four of those, and far from a move that was missed (1.0) or
     * taken twice (1.69).
     */
    @Test
    void labelsAfterAnAbruptMoveOf1point3AverageAbout1point3TimesThoseBefore() {
        int side = 5_000;
        HouseGenerator generator = new HouseGenerator(21, 0, List.of(PriceDrift.parse("abrupt:5000:1.3")));
        double before = 0;
        double after = 0;
        for (int n = 0; n < 2 * side; n++) {
            GeneratedHouse house = generator.nextHouse();
            if (n < side) {
                before += house.medianHouseValue();
            } else {
                after += house.medianHouseValue();
            }
        }
        double ratio = (after / side) / (before / side);
        assertEquals(1.3, ratio, 0.04, "mean label after / before the move");
    }

    @Test
    void theUnlabeledFractionDropsLabelsWithoutChangingTheColumns() throws Exception {
        HouseGenerator labeled = new HouseGenerator(3);
        HouseGenerator partly = new HouseGenerator(3, 0.3);
        int n = 5_000;
        int unlabeled = 0;
        for (int i = 0; i < n; i++) {
            GeneratedHouse full = labeled.nextHouse();
            GeneratedHouse maybe = partly.nextHouse();
            assertArrayEquals(full.features(), maybe.features());
            HouseRecord parsed = PARSER.parse(maybe.key(), maybe.toMessage().value());
            if (maybe.labeled()) {
                assertEquals(full.medianHouseValue(), maybe.medianHouseValue());
                assertEquals(maybe.medianHouseValue(), parsed.label());
            } else {
                unlabeled++;
                assertFalse(maybe.toMessage().json().contains("median_house_value"), maybe.toMessage().json());
                assertFalse(parsed.labeled());
            }
        }
        assertEquals(0.3, unlabeled / (double) n, 0.02);
    }

    /**
     * One house in every market, by hand: the shared terms come to 240,000 + 25,000 (longitude) − 10,000 (latitude)
     * + 16,000 − 12,000 − 10,000 + 7,000 (the counts) = 256,000; the market adds its offset, 1.5 × its income slope
     * and 2 × its age slope.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<1H OCEAN  | 318000",  // 256,000 +       0 + 60,000 + 2,000
        "INLAND     | 259500",  // 256,000 −  35,000 + 37,500 + 1,000
        "ISLAND     | 468000",  // 256,000 + 150,000 + 60,000 + 2,000
        "NEAR BAY   | 346500",  // 256,000 +   5,000 + 82,500 + 3,000
        "NEAR OCEAN | 335500"}) // 256,000 +  10,000 + 67,500 + 2,000
    void truePriceIsTheDocumentedFunctionOfItsMarket(String market, double documented) {
        GeneratedHouse house = new GeneratedHouse("h", -122.0, 37.5, 30, 2_000, 400, 1_000, 350, 5.0, market, Double.NaN);
        assertEquals(documented, house.truePrice(), 1e-6);

        double[] weights = HouseGenerator.trueWeights(market);
        double expanded = HouseGenerator.trueIntercept(market);
        for (int j = 0; j < weights.length; j++) {
            expanded += weights[j] * house.features()[j];
        }
        assertEquals(documented, expanded, 1e-6);
    }

    /** The label is the true price plus N(0, NOISE_STDDEV²) noise, and the parser reads the features generated. */
    @Test
    void labelsAreTheTruePricePlusTheDocumentedNoise() throws Exception {
        int n = 20_000;
        double noiseSum = 0;
        double noiseSquares = 0;
        HouseGenerator generator = new HouseGenerator(11);
        for (int i = 0; i < n; i++) {
            GeneratedHouse house = generator.nextHouse();
            HouseRecord parsed = PARSER.parse(house.key(), house.toMessage().value());
            assertArrayEquals(house.features(), parsed.features(), 1e-12);
            double noise = parsed.label() - house.truePrice();
            noiseSum += noise;
            noiseSquares += noise * noise;
        }
        double noiseMean = noiseSum / n;
        double noiseStddev = Math.sqrt(noiseSquares / n - noiseMean * noiseMean);
        assertEquals(0, noiseMean, 4 * HouseGenerator.NOISE_STDDEV / Math.sqrt(n));
        assertEquals(1, noiseStddev / HouseGenerator.NOISE_STDDEV, 0.03);
    }

    /**
     * The floors of the class comment on 100,000 houses: least squares per market reaches the noise (the sample
     * standard deviation of 100,000 draws is within 0.25% of σ, so 1% is four of those) and lands within about
     * σ·√(5 × 9 / n) ≈ 420 of the true prices; one fit of every market stays near {@link
     * HouseGenerator#GLOBAL_LINEAR_RMSE}, far above the noise, because it cannot give the markets their own slopes.
     */
    @Test
    void leastSquaresPerMarketReachesTheNoiseAndOneFitOfEveryMarketTheDocumentedFloor() {
        int n = 100_000;
        Map<String, List<GeneratedHouse>> markets = new TreeMap<>();
        List<GeneratedHouse> all = new ArrayList<>();
        HouseGenerator generator = new HouseGenerator(12);
        for (int i = 0; i < n; i++) {
            GeneratedHouse house = generator.nextHouse();
            all.add(house);
            markets.computeIfAbsent(house.oceanProximity(), m -> new ArrayList<>()).add(house);
        }

        double squares = 0;
        double offTruth = 0;
        for (List<GeneratedHouse> market : markets.values()) {
            Fit fit = leastSquares(market, h -> {
                double[] row = new double[9];
                row[0] = 1;
                System.arraycopy(h.features(), 0, row, 1, 8);
                return row;
            });
            squares += fit.squares();
            offTruth += fit.offTruth();
        }
        double perMarket = Math.sqrt(squares / n);
        assertEquals(1, perMarket / HouseGenerator.NOISE_STDDEV, 0.01, "least squares per market: RMSE " + perMarket);
        assertTrue(Math.sqrt(offTruth / n) < 1_000, "per market, " + Math.sqrt(offTruth / n) + " RMSE off the true price");

        // The one-hot columns are the markets' intercepts, so no column of ones.
        double global = Math.sqrt(leastSquares(all, GeneratedHouse::features).squares() / n);
        assertEquals(1, global / HouseGenerator.GLOBAL_LINEAR_RMSE, 0.02, "one least-squares fit: RMSE " + global);
    }

    /** Sums of squares of a least-squares fit: of its residuals, and of its distance from the true prices. */
    private record Fit(double squares, double offTruth) {
    }

    /** Least squares of the houses' labels on the columns {@code row} gives for each house. */
    private static Fit leastSquares(List<GeneratedHouse> houses, Function<GeneratedHouse, double[]> row) {
        int width = row.apply(houses.get(0)).length;
        DMatrixRMaj a = new DMatrixRMaj(houses.size(), width);
        DMatrixRMaj b = new DMatrixRMaj(houses.size(), 1);
        for (int i = 0; i < houses.size(); i++) {
            double[] x = row.apply(houses.get(i));
            for (int j = 0; j < width; j++) {
                a.set(i, j, x[j]);
            }
            b.set(i, 0, houses.get(i).medianHouseValue());
        }
        // SVD, not QR: ISLAND's few houses (about 1 in 5,000) need not pin every column.
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.pseudoInverse(true);
        assertTrue(solver.setA(a.copy()));
        DMatrixRMaj w = new DMatrixRMaj(width, 1);
        solver.solve(b, w);
        double squares = 0;
        double offTruth = 0;
        for (int i = 0; i < houses.size(); i++) {
            double prediction = 0;
            for (int j = 0; j < width; j++) {
                prediction += a.get(i, j) * w.get(j, 0);
            }
            squares += Math.pow(b.get(i, 0) - prediction, 2);
            offTruth += Math.pow(houses.get(i).truePrice() - prediction, 2);
        }
        return new Fit(squares, offTruth);
    }

    @Test
    void columnsArePlausibleAndConsistent() {
        int n = 20_000;
        Map<String, Integer> proximity = new TreeMap<>();
        HouseGenerator generator = new HouseGenerator(5);
        double incomeSum = 0;
        for (int i = 0; i < n; i++) {
            GeneratedHouse h = generator.nextHouse();
            String where = h.key() + " " + h;
            proximity.merge(h.oceanProximity(), 1, Integer::sum);
            assertTrue(h.latitude() >= 32.5 && h.latitude() <= 42.0, where);
            assertTrue(h.longitude() >= -124.5 && h.longitude() <= -114.1, where);
            if (!h.oceanProximity().equals("ISLAND")) {
                assertTrue(h.longitude() >= CaliforniaGeography.coastLongitude(h.latitude()) - 0.01, "in the sea: " + where);
                assertTrue(h.longitude() <= CaliforniaGeography.eastLongitude(h.latitude()) + 0.01, "out of state: " + where);
            }
            assertTrue(h.housingMedianAge() >= 1 && h.housingMedianAge() <= 52, where);
            assertTrue(h.medianIncome() >= 0.5 && h.medianIncome() <= 15, where);
            incomeSum += h.medianIncome();
            for (double count : List.of(h.totalRooms(), h.totalBedrooms(), h.population(), h.households())) {
                assertEquals(Math.rint(count), count, where);
            }
            assertTrue(h.households() >= 2 && h.households() <= 5_000, where);
            assertTrue(h.totalRooms() >= 2 * h.households() - 1 && h.totalRooms() <= 10 * h.households() + 1, where);
            assertTrue(h.totalBedrooms() >= 1 && h.totalBedrooms() < h.totalRooms(), where);
            assertTrue(h.population() >= h.households() && h.population() <= 6 * h.households() + 1, where);
            assertTrue(h.truePrice() > 0, where);
        }
        assertEquals(3.8, incomeSum / n, 0.2);
        assertEquals(0.443, proximity.get("<1H OCEAN") / (double) n, 0.015, proximity.toString());
        assertEquals(0.317, proximity.get("INLAND") / (double) n, 0.015, proximity.toString());
        assertEquals(0.129, proximity.get("NEAR OCEAN") / (double) n, 0.01, proximity.toString());
        assertEquals(0.111, proximity.get("NEAR BAY") / (double) n, 0.01, proximity.toString());
        assertTrue(proximity.getOrDefault("ISLAND", 0) <= 20, proximity.toString());
    }

    @Test
    void recordsAreJsonObjectsWithTheCaliforniaColumns() throws Exception {
        HouseMessage message = new HouseGenerator(1).next();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(message.value());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
                "population", "households", "median_income", "median_house_value", "ocean_proximity"), names);
        assertTrue(json.get("total_rooms").isIntegralNumber(), message.json());
        assertTrue(json.get("median_income").isNumber(), message.json());
        assertTrue(json.get("ocean_proximity").isTextual(), message.json());
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> new HouseGenerator(1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new HouseGenerator(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new HouseGenerator(1).limit(-1));
        assertThrows(IllegalArgumentException.class, () -> HouseGenerator.truePrice(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> HouseGenerator.truePrice(new double[13]));
        assertThrows(IllegalArgumentException.class, () -> HouseGenerator.trueWeights("NEAR LAKE"));
    }
}
