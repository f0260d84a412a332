package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.UserException;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.numeric("rooms"), Field.label("price"),
            Field.categorical("kind", List.of("flat", "house, detached"))));

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("houses.csv"), text, StandardCharsets.UTF_8);
    }

    /** RFC 4180: a quoted field holds commas, doubled quotes and line breaks; a bad row names the line it starts on. */
    @Test
    void shouldReadQuotedFieldsAndNameTheLineABadRowStartsOn() throws IOException {
        Path csv = write("\uFEFFrooms,price,kind,note\n"
                + "3,100,flat,\"said \"\"cosy\"\"\"\n"
                + "4,\"200\",\"house, detached\",\"two\nlines\"\n"
                + "x,300,flat,\n"
                + "\n"
                + "5,,flat,\n"
                + "6,400\n");
        RowBlock block = new RowBlock(10, 3);
        try (CsvRows rows = CsvRows.open(csv, SCHEMA)) {
            assertEquals(List.of("rooms", "price", "kind", "note"), rows.header());
            assertTrue(rows.read(block));
            assertFalse(rows.read(block));
        }

        RowBlock read = new RowBlock(10, 3);
        try (CsvRows rows = CsvRows.open(csv, SCHEMA)) {
            rows.read(read);
        }
        assertEquals(5, read.size(), "the empty line is no row");
        assertArrayEquals(new double[] {3, 1, 0}, read.features(0));
        assertEquals(100, read.label(0));
        assertArrayEquals(new double[] {4, 0, 1}, read.features(1));
        assertEquals(200, read.label(1));
        assertFalse(read.valid(2));
        assertTrue(read.valid(3));
        assertTrue(Double.isNaN(read.label(3)), "an empty label: predict only");
        assertFalse(read.valid(4));
        assertEquals(List.of("line 5: column 'rooms': not a number: 'x'", "line 8: expected 4 columns, found 2"),
                read.problems());
    }

    /** FastCSV 4.1 took the LF after such a field for the end of a CRLF and read the next line into the row. */
    @Test
    void shouldEndARowAfterAQuotedFieldWithACarriageReturnInIt() throws IOException {
        RowBlock block = new RowBlock(10, 3);
        try (CsvRows rows = CsvRows.open(write("rooms,price,kind,note\n3,100,flat,\"a\rb\"\n4,200,flat,\n"), SCHEMA)) {
            rows.read(block);
        }

        assertEquals(List.of(), block.problems());
        assertEquals(2, block.size());
        assertEquals(200, block.label(1));
    }

    @Test
    void shouldHandOutRowsInBlocksNumberedFromTheFirstDataRow() throws IOException {
        StringBuilder text = new StringBuilder("rooms,price,kind\n");
        for (int i = 0; i < 25; i++) {
            text.append(i).append(',').append(10 * i).append(",flat\n");
        }
        RowBlock block = new RowBlock(10, 3);
        try (CsvRows rows = CsvRows.open(write(text.toString()), SCHEMA)) {
            for (int first : new int[] {0, 10, 20}) {
                assertTrue(rows.read(block));
                assertEquals(first, block.firstRow());
                assertEquals(first, block.features(0)[0]);
            }
            assertEquals(5, block.size());
            assertFalse(rows.read(block));
        }
    }

    @Test
    void shouldRefuseWhatIsNoCsvOfTheSchema() throws IOException {
        assertTrue(assertThrows(UserException.class, () -> CsvRows.open(dir.resolve("none.csv"), SCHEMA))
                .getMessage().startsWith("file not found"));
        assertTrue(assertThrows(UserException.class, () -> CsvRows.open(write(""), SCHEMA))
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(UserException.class, () -> CsvRows.open(write("rooms,kind\n1,flat\n"), SCHEMA))
                .getMessage().contains("[price]"));
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'r', 'o', 'o', 'm', 's', ',', 'p', 'r', 'i', 'c', 'e', ',', 'k', 'i', 'n', 'd', '\n',
            '1', ',', '2', ',', (byte) 0xe9, '\n'});
        assertTrue(assertThrows(UserException.class, () -> {
            try (CsvRows rows = CsvRows.open(latin1, SCHEMA)) {
                rows.read(new RowBlock(4, 3));
            }
        }).getMessage().contains("not UTF-8"));
    }
}
