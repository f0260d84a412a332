package dev.descent.data;

import dev.descent.UserException;
import dev.descent.evaluate.CsvFile;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV file as input-topic records: one JSON object per data line with the schema's
 * fields, numeric fields and the label as JSON numbers, categories as text; an empty cell leaves
 * its field out (missing); columns outside the schema are left out.
 *
 * <p>Bad lines are reported and skipped by the same rules and with the same messages as
 * {@code descent evaluate} (text that is not a number, NaN, Infinity, magnitudes above 1e15, a
 * wrong number of columns): a file then yields the same records on a topic as evaluate learns
 * from, and the user hears of a typo while producing instead of finding it among dead letters.
 *
 * @param records  the good lines, in file order, keyed {@code <file name>-<data line index>}
 *                 (index from 0, counting bad lines too, so keys match evaluate's row indices)
 * @param problems one message per bad line, e.g. {@code line 7: column 'total_rooms': not a number: 'abc'}
 */
public record CsvHouses(Path path, List<HouseMessage> records, List<String> problems) {

    /**
     * @throws UserException when the file is missing, unreadable, not UTF-8, has no header or no
     *                       data line, lacks a schema field as a column, or has no valid line at all
     */
    public static CsvHouses read(Path path, Schema schema) {
        CsvFile file = CsvFile.read(path);
        try {
            schema.forColumns(file.header());
        } catch (IllegalArgumentException e) {
            throw new UserException(path + ": " + e.getMessage());
        }
        if (file.lines().isEmpty()) {
            throw new UserException(path + " has a header but no data lines");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < file.header().size(); i++) {
            columns.putIfAbsent(file.header().get(i).strip(), i);
        }
        String keyPrefix = path.getFileName() + "-";
        List<HouseMessage> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < file.lines().size(); i++) {
            try {
                Map<String, Object> fields = fields(CsvFile.split(file.lines().get(i)), file.header().size(), schema,
                        columns);
                records.add(new HouseMessage(keyPrefix + i, HouseJson.encode(fields)));
            } catch (InvalidRecordException e) {
                problems.add("line " + CsvFile.lineNumber(i) + ": " + e.getMessage());
            }
        }
        if (records.isEmpty()) {
            throw new UserException(path + ": none of the " + problems.size() + " data lines is valid; first problem: "
                    + problems.get(0));
        }
        return new CsvHouses(path, List.copyOf(records), List.copyOf(problems));
    }

    private static Map<String, Object> fields(String[] cells, int width, Schema schema, Map<String, Integer> columns)
            throws InvalidRecordException {
        if (cells.length != width) {
            throw new InvalidRecordException(null, "expected " + width + " columns, found " + cells.length);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            String cell = cells[columns.get(f.name())].strip();
            if (cell.isEmpty()) {
                continue;
            }
            fields.put(f.name(), f.type() == Type.CATEGORICAL ? cell : Schema.parseNumber(f.name(), cell));
        }
        return fields;
    }
}
