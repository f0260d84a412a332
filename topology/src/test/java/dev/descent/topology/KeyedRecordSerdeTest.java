package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A parsed record survives the repartition topic as it was, whatever its keys. */
class KeyedRecordSerdeTest {

    @Test
    void aRecordComesBackAsItWent() {
        byte[] value = "{\"area\":1}".getBytes(StandardCharsets.UTF_8);
        HouseRecord house = new HouseRecord("h-1", new double[] {1.5, Double.NaN, -0.0}, 300, true, value, "NEAR BAY");
        HouseRecord back = KeyedRecordSerde.decode(KeyedRecordSerde.encode(house));
        assertEquals("h-1", back.key());
        assertEquals("NEAR BAY", back.modelKey());
        assertArrayEquals(house.features(), back.features());
        assertEquals(300, back.label());
        assertArrayEquals(value, back.value());
    }

    @Test
    void keysMayBeAbsentOrLongerThanWriteUtfTakes() {
        String emoji = "\uD83C\uDFE0".repeat(20_000);      // 80,000 bytes of UTF-8, 120,000 of modified UTF-8
        HouseRecord house = new HouseRecord(emoji, new double[0], Double.NaN, false, new byte[0], null);
        HouseRecord back = KeyedRecordSerde.decode(KeyedRecordSerde.encode(house));
        assertEquals(emoji, back.key());
        assertNull(back.modelKey());
        assertFalse(back.labeled());
        assertFalse(back.hasFeatures());
    }
}
