package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceDriftTest {

    @Test
    void abruptMovesEveryHouseFromItsRecordOn() {
        PriceDrift drift = PriceDrift.parse("abrupt:100:1.3");

        assertEquals(1, drift.factor(0, "INLAND"));
        assertEquals(1, drift.factor(99, "NEAR BAY"));
        assertEquals(1.3, drift.factor(100, "NEAR BAY"));
        assertEquals(1.3, drift.factor(101, "ISLAND"));
        assertEquals(1.3, drift.factor(Long.MAX_VALUE, "<1H OCEAN"));
    }

    @Test
    void gradualRampsLinearlyFromOneToItsFactorAndStaysThere() {
        PriceDrift drift = PriceDrift.parse("gradual:1000:2000:1.5");

        assertEquals(1, drift.factor(0, "INLAND"));
        assertEquals(1, drift.factor(1000, "INLAND"));
        assertEquals(1 + 0.5 / 1000, drift.factor(1001, "INLAND"), 1e-15);
        assertEquals(1.125, drift.factor(1250, "INLAND"), 1e-15);
        assertEquals(1.25, drift.factor(1500, "NEAR OCEAN"), 1e-15, "the midpoint is halfway from 1 to 1.5");
        assertEquals(1.5 - 0.5 / 1000, drift.factor(1999, "INLAND"), 1e-15);
        assertEquals(1.5, drift.factor(2000, "INLAND"));
        assertEquals(1.5, drift.factor(1_000_000, "INLAND"));
        assertEquals(0.75, PriceDrift.parse("gradual:0:10:0.5").factor(5, "INLAND"), 1e-15, "a fall ramps down alike");
    }

    @Test
    void regionMovesOnlyItsOwnHousesAndTakesItsNameInAnyCase() {
        PriceDrift inland = PriceDrift.parse("region:inland:100:0.7");

        assertEquals(1, inland.factor(99, "INLAND"));
        assertEquals(0.7, inland.factor(100, "INLAND"));
        assertEquals(0.7, inland.factor(5_000, "INLAND"));
        for (String other : new String[] {"<1H OCEAN", "ISLAND", "NEAR BAY", "NEAR OCEAN"}) {
            assertEquals(1, inland.factor(5_000, other), other);
        }
        assertEquals(2, PriceDrift.parse("region:<1h ocean:0:2").factor(0, "<1H OCEAN"));
        assertEquals(0.5, PriceDrift.parse("region:Near Bay:0:0.5").factor(0, "NEAR BAY"));
        assertEquals(1, PriceDrift.parse("region:Near Bay:0:0.5").factor(0, "NEAR OCEAN"));
    }

    @Test
    void theKindIsReadInAnyCaseAndTheSpecIsShownAsGiven() {
        assertEquals(1.3, PriceDrift.parse("ABRUPT:0:1.3").factor(0, "INLAND"));
        assertEquals("gradual:0:500:1.2", PriceDrift.parse("gradual:0:500:1.2").toString());
    }

    @ParameterizedTest(name = "--drift \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                  | '': expected abrupt:AT:FACTOR, gradual:FROM:TO:FACTOR or region:NAME:AT:FACTOR",
        "crash:10:0.5          | 'crash:10:0.5': expected abrupt:AT:FACTOR, gradual:FROM:TO:FACTOR or region:NAME:AT:FACTOR",
        "abrupt:10             | 'abrupt:10': expected abrupt:AT:FACTOR",
        "abrupt:10:1.3:5       | 'abrupt:10:1.3:5': expected abrupt:AT:FACTOR",
        "abrupt:x:1.3          | 'abrupt:x:1.3': AT must be a whole number ≥ 0, got 'x'",
        "abrupt:-1:1.3         | 'abrupt:-1:1.3': AT must be a whole number ≥ 0, got '-1'",
        "abrupt:1.5:1.3        | 'abrupt:1.5:1.3': AT must be a whole number ≥ 0, got '1.5'",
        "abrupt::1.3           | 'abrupt::1.3': AT must be a whole number ≥ 0, got ''",
        "abrupt:10:0           | 'abrupt:10:0': FACTOR must be a number > 0, got '0'",
        "abrupt:10:-2          | 'abrupt:10:-2': FACTOR must be a number > 0, got '-2'",
        "abrupt:10:NaN         | 'abrupt:10:NaN': FACTOR must be a number > 0, got 'NaN'",
        "abrupt:10:Infinity    | 'abrupt:10:Infinity': FACTOR must be a number > 0, got 'Infinity'",
        "abrupt:10:more        | 'abrupt:10:more': FACTOR must be a number > 0, got 'more'",
        "gradual:1000:1.5      | 'gradual:1000:1.5': expected gradual:FROM:TO:FACTOR",
        "gradual:a:2000:1.5    | 'gradual:a:2000:1.5': FROM must be a whole number ≥ 0, got 'a'",
        "gradual:0:b:1.5       | 'gradual:0:b:1.5': TO must be a whole number ≥ 0, got 'b'",
        "gradual:2000:1000:1.5 | 'gradual:2000:1000:1.5': TO must be after FROM, got FROM 2000 and TO 1000",
        "gradual:1000:1000:1.5 | 'gradual:1000:1000:1.5': TO must be after FROM, got FROM 1000 and TO 1000",
        "gradual:0:10:0        | 'gradual:0:10:0': FACTOR must be a number > 0, got '0'",
        "region:INLAND:10      | 'region:INLAND:10': expected region:NAME:AT:FACTOR",
        "region:MARS:10:0.7    | 'region:MARS:10:0.7': NAME must be one of <1H OCEAN, INLAND, ISLAND, NEAR BAY, NEAR OCEAN (any case), got 'MARS'",
        "region:NEAR_BAY:0:0.7 | 'region:NEAR_BAY:0:0.7': NAME must be one of <1H OCEAN, INLAND, ISLAND, NEAR BAY, NEAR OCEAN (any case), got 'NEAR_BAY'",
        "region:INLAND:y:0.7   | 'region:INLAND:y:0.7': AT must be a whole number ≥ 0, got 'y'",
        "region:INLAND:10:x    | 'region:INLAND:10:x': FACTOR must be a number > 0, got 'x'",
    })
    void shouldSayWhichPartIsWrongAndWhatItMustBe(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriceDrift.parse(spec));

        assertEquals(message, e.getMessage());
    }
}
