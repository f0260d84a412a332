package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.UserException;
import dev.descent.model.Schema;
import dev.descent.topology.HouseParser;
import dev.descent.topology.HouseRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHousesTest {
    static final String HEADER = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,"
            + "households,median_income,median_house_value,ocean_proximity,note";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void goodLinesBecomeJsonObjectsAndBadLinesAreReportedAndSkipped() throws Exception {
        Path csv = write("houses.csv", HEADER + "\n"
                + "-122.23,37.88,41,880,129,322,126,8.3252,452600,NEAR BAY,first\n"   // 0
                + "-122.22,37.86,21,7099,,2401,1138,8.3014,358500,\"NEAR BAY\",\n"    // 1: bedrooms missing
                + "-122.24,37.85,52,1467,190,496,177,7.2574,,NEAR BAY,x\n"            // 2: unlabeled
                + "-122.25,37.85,52,abc,235,558,219,5.6431,341300,NEAR BAY,x\n"       // 3: line 5, bad
                + "-122.25,37.85,52,1274,235,558,219,5.6431\n"                        // 4: line 6, ragged
                + "-122.25,37.84,52,2535,489,1094,514,3.6591,299200,INLAND,\"a, b\"\n"); // 5
        CsvHouses houses = CsvHouses.read(csv, CaliforniaHousing.schema());

        assertEquals(List.of("houses.csv-0", "houses.csv-1", "houses.csv-2", "houses.csv-5"),
                houses.records().stream().map(HouseMessage::key).toList());
        assertEquals(List.of("line 5: column 'total_rooms': not a number: 'abc'",
                "line 6: expected 11 columns, found 8"), houses.problems());

        JsonNode first = JSON.readTree(houses.records().get(0).value());
        assertEquals(-122.23, first.get("longitude").doubleValue());
        assertTrue(first.get("total_rooms").isIntegralNumber(), first.toString());
        assertEquals(880, first.get("total_rooms").intValue());
        assertEquals("NEAR BAY", first.get("ocean_proximity").textValue());
        assertNull(first.get("note"), "columns outside the schema are left out");

        HouseParser parser = new HouseParser(CaliforniaHousing.schema());
        HouseRecord parsed = parser.parse("k", houses.records().get(0).value());
        assertEquals(452_600, parsed.label());
        assertEquals(8.3252, parsed.features()[7]);
        assertEquals(1, parsed.features()[8 + 3], "NEAR BAY one-hot");

        assertFalse(JSON.readTree(houses.records().get(1).value()).has("total_bedrooms"));
        assertTrue(Double.isNaN(parser.parse("k", houses.records().get(1).value()).features()[4]));
        assertFalse(parser.parse("k", houses.records().get(2).value()).labeled());
        assertEquals(1, parser.parse("k", houses.records().get(3).value()).features()[8 + 1], "INLAND one-hot");
    }

    @Test
    void aCustomSchemaPicksItsOwnFields() throws Exception {
        Path csv = write("flats.csv", "area,city,price\n55.5,Lyon,180000\n70,12,\n");
        Schema schema = new Schema(List.of(Schema.Field.numeric("area"), Schema.Field.categorical("city", List.of("Lyon")),
                Schema.Field.label("price")));
        CsvHouses flats = CsvHouses.read(csv, schema);
        assertEquals("{\"area\":55.5,\"city\":\"Lyon\",\"price\":180000}", flats.records().get(0).json());
        assertEquals("{\"area\":70,\"city\":\"12\"}", flats.records().get(1).json(), "a category stays text");
    }

    @Test
    void unusableFilesFailWithOneClearLine() throws IOException {
        Schema california = CaliforniaHousing.schema();
        assertMessage("file not found", () -> CsvHouses.read(dir.resolve("nope.csv"), california));
        assertMessage("is empty", () -> CsvHouses.read(write("empty.csv", ""), california));
        assertMessage("header but no data lines", () -> CsvHouses.read(write("header.csv", HEADER + "\n"), california));
        assertMessage("[median_income] not found among the columns",
                () -> CsvHouses.read(write("cols.csv", HEADER.replace("median_income", "income") + "\n"), california));
        assertMessage("none of the 2 data lines is valid; first problem: line 2",
                () -> CsvHouses.read(write("bad.csv", HEADER + "\n1,2\n3,4\n"), california));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable read) {
        UserException e = assertThrows(UserException.class, read);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
