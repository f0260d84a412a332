package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.descent.UserException;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** What every CSV reader of Descent shares: strict UTF-8, FastCSV's settings, and problems said as a user's message. */
final class CsvText {

    private CsvText() {
    }

    /**
     * A FastCSV builder: rows with too many or too few fields handed over (each reader says what is
     * wrong with them), empty lines skipped.
     */
    static CsvReader.CsvReaderBuilder builder() {
        return CsvReader.builder().extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE);
    }

    /** What a byte-order mark decodes to; some tools start a UTF-8 file with one. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    /** A header field as a column name: without surrounding spaces, nor the first field's byte-order mark. */
    static String columnName(int index, String field) {
        String name = field.strip();
        return index == 0 && name.startsWith(BYTE_ORDER_MARK) ? name.substring(1).strip() : name;
    }

    /** The schema bound to a file's header; a missing header or schema column is the user's to fix. */
    static RowEncoder encoder(Path path, List<String> header, Schema schema) {
        if (header.stream().allMatch(String::isBlank)) {
            throw new UserException(path + " is empty: expected a header line naming the columns");
        }
        try {
            return schema.forColumns(header);
        } catch (IllegalArgumentException e) {
            throw new UserException(path + ": " + e.getMessage());
        }
    }

    /** The file as text that refuses bytes which are not UTF-8. */
    static Reader open(Path path) {
        if (!Files.exists(path)) {
            throw new UserException("file not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UserException("not a readable file: " + path);
        }
        try {
            return new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (NoSuchFileException e) {
            throw new UserException("file not found: " + path);
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Runs a step of reading, turning FastCSV's and the decoder's complaints into a user's message. */
    static <T> T reading(Path path, Supplier<T> step) {
        try {
            return step.get();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new UserException(path + " is not UTF-8 text");
            }
            throw new UserException("cannot read " + path + ": " + e.getCause().getMessage(), e);
        } catch (CsvParseException e) {
            throw new UserException("cannot read " + path + " as CSV: " + e.getMessage(), e);
        }
    }

    static void close(CsvReader<?> reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
