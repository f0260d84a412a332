package dev.descent.evaluate;

import dev.descent.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated file read whole: its header and its data lines. Fields may be quoted with
 * {@code "} (a doubled quote inside stands for one); a quoted field cannot span lines.
 */
public record CsvFile(Path path, List<String> header, List<String> lines) {

    /** @throws UserException when the file is missing, unreadable, not UTF-8 or has no header */
    public static CsvFile read(Path path) {
        if (!Files.exists(path)) {
            throw new UserException("file not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UserException("not a readable file: " + path);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new UserException(path + " is not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw new UserException("file not found: " + path);
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new UserException(path + " is empty: expected a header line naming the columns");
        }
        String first = lines.get(0);
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        List<String> header = List.of(split(first));
        return new CsvFile(path, header, lines.subList(1, lines.size()));
    }

    /** Splits one line into fields. */
    public static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }

    /** 1-based line number in the file of data line {@code index} (the header is line 1). */
    public static long lineNumber(int index) {
        return index + 2L;
    }
}
