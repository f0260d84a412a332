package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.CaliforniaHousing;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Valid house records, then the same text spoilt: text after the object, cut short, a key given
 * twice, bytes flipped. The parser either reads exactly what the text says or makes it a dead
 * letter; it never throws anything else and never learns a record that differs from what the text
 * says ({@link HouseReading} is the second reading it is checked against).
 *
 * <p>Each property draws its records from a fixed seed, so a failure repeats; its message shows
 * the text. The coverage-guided search for inputs nobody thought of is {@link HouseParserFuzzTest}.
 */
class HouseParserPropertyTest {
    private static final int TRIES = 2_000;
    private static final Schema SCHEMA = CaliforniaHousing.schema();
    private static final HouseParser PARSER = new HouseParser(SCHEMA);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A field as written in a record: a number, text, true or false, null, a list or an object. */
    record Entry(String name, Object value) {
        String json() {
            return jsonOf(name) + ":" + jsonOf(value);
        }
    }

    @Test
    void aValidRecordReadsAsItSays() {
        forEachHouse(1, (house, random) -> {
            byte[] value = bytes(house);

            assertNotNull(HouseReading.parse(PARSER, value), () -> json(house));
            HouseReading.assertParsedAsItReads(PARSER, value);
        });
    }

    @Test
    void textAfterTheObjectMakesADeadLetter() {
        forEachHouse(2, (house, random) -> {
            byte[] tail = tail(random);
            byte[] value = concat(bytes(house), tail);

            if (isJsonWhiteSpace(tail)) {
                assertEquals(HouseReading.parse(PARSER, bytes(house)), HouseReading.parse(PARSER, value), () -> utf8(value));
            } else {
                assertNull(HouseReading.parse(PARSER, value), () -> utf8(value));
            }
        });
    }

    @Test
    void aRecordCutShortIsADeadLetter() {
        forEachHouse(3, (house, random) -> {
            byte[] whole = bytes(house);
            byte[] value = Arrays.copyOf(whole, random.nextInt(whole.length));

            assertNull(HouseReading.parse(PARSER, value), () -> utf8(value));
        });
    }

    /** The second value may equal the first, and the second key may be spelled with escapes: still a dead letter. */
    @Test
    void aKeyGivenTwiceIsADeadLetter() {
        forEachHouse(4, (house, random) -> {
            Entry first = house.get(random.nextInt(house.size()));
            String key = random.nextBoolean() ? escaped(first.name()) : jsonOf(first.name());
            Object second = random.nextBoolean() ? first.value() : value(random, 1);
            List<String> entries = new ArrayList<>(house.stream().map(Entry::json).toList());
            entries.add(random.nextInt(entries.size() + 1), key + ":" + jsonOf(second));
            byte[] value = ("{" + String.join(",", entries) + "}").getBytes(StandardCharsets.UTF_8);

            InvalidHouseException e = assertThrows(InvalidHouseException.class, () -> PARSER.parse("k", value),
                    () -> utf8(value));
            assertEquals(DeadLetterReason.MALFORMED_JSON, e.reason(), e.getMessage());
        });
    }

    /** A flipped byte may leave a valid record with another value (a digit for a digit): then it must be that value. */
    @Test
    void aRecordWithBytesFlippedReadsAsItNowSays() {
        forEachHouse(5, (house, random) -> {
            byte[] value = bytes(house);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                value[random.nextInt(value.length)] ^= (byte) (1 + random.nextInt(255));
            }

            HouseReading.assertParsedAsItReads(PARSER, value);
        });
    }

    private static void forEachHouse(long seed, BiConsumer<List<Entry>, Random> property) {
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            property.accept(house(random), random);
        }
    }

    /**
     * Every schema field present or not, null, or blank (missing), in any order, among up to three
     * fields outside the schema; at least one feature has a value.
     */
    private static List<Entry> house(Random random) {
        while (true) {
            List<Entry> house = new ArrayList<>();
            for (Field f : SCHEMA.fields()) {
                int draw = random.nextInt(10);
                if (draw == 9) {
                    house.add(new Entry(f.name(), random.nextBoolean() ? "" : "  "));
                } else if (draw >= 2) {
                    boolean isNull = random.nextInt(10) == 0;
                    house.add(new Entry(f.name(), isNull ? null : f.type() == Type.CATEGORICAL ? category(random) : number(random)));
                }
            }
            for (int extra = random.nextInt(4); extra > 0; extra--) {
                String name = text(random, 8);
                if (house.stream().noneMatch(e -> e.name().equals(name))) {
                    house.add(new Entry(name, value(random, 1)));
                }
            }
            Collections.shuffle(house, random);
            if (hasAFeature(house)) {
                return house;
            }
        }
    }

    /** Finite numbers within the schema's magnitude, of every precision and exponent. */
    private static Object number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                double d;
                do {
                    d = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(d) || Math.abs(d) > Schema.MAX_MAGNITUDE);
                yield d;
            }
            case 1 -> Math.round(random.nextDouble(-1e6, 1e6) * 1e4) / 1e4;
            case 2 -> random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_001L);
            default -> List.of(-0.0, 0.0, Double.MIN_VALUE, Schema.MAX_MAGNITUDE, -Schema.MAX_MAGNITUDE).get(random.nextInt(5));
        };
    }

    /** A known category, maybe with white space around it, or any other text. */
    private static String category(Random random) {
        if (random.nextBoolean()) {
            return text(random, 12);
        }
        String known = CaliforniaHousing.OCEAN_PROXIMITY.get(random.nextInt(CaliforniaHousing.OCEAN_PROXIMITY.size()));
        return List.of(known, " " + known, known + "\t").get(random.nextInt(3));
    }

    /** Any JSON value, nested at most {@code depth} deep. */
    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 6 : 4)) {
            case 0 -> number(random);
            case 1 -> category(random);
            case 2 -> random.nextBoolean();
            case 3 -> null;
            case 4 -> IntStream.range(0, random.nextInt(4)).mapToObj(i -> value(random, depth - 1)).toList();
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                IntStream.range(0, random.nextInt(3)).forEach(i -> map.put(text(random, 3), value(random, depth - 1)));
                yield map;
            }
        };
    }

    /** Mostly printable ASCII, else any character up to the surrogates (control characters included). */
    private static String text(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        boolean ascii = random.nextInt(3) > 0;
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            text.append((char) (ascii ? random.nextInt(' ', '~' + 1) : random.nextInt(0xD800)));
        }
        return text.toString();
    }

    private static final List<String> FRAGMENTS = List.of("", "xyz", "}", "]", ",", "{}", "[]", "7", "null", "\"x\"",
            ",\"median_income\":9}", "{\"median_income\":9}", "//", "/* */", "#", "\u0000");

    /** What may follow a record: white space alone, or white space then anything. */
    private static byte[] tail(Random random) {
        String space = List.of("", " ", "\n", "\r\n", " \t ").get(random.nextInt(5));
        byte[] tail = switch (random.nextInt(3)) {
            case 0 -> FRAGMENTS.get(random.nextInt(FRAGMENTS.size())).getBytes(StandardCharsets.UTF_8);
            case 1 -> text(random, 10).getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(4)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
        return concat(space.getBytes(StandardCharsets.UTF_8), tail);
    }

    private static boolean hasAFeature(List<Entry> house) {
        return house.stream().anyMatch(e -> SCHEMA.fields().stream().anyMatch(f -> f.name().equals(e.name())
                && (f.type() == Type.NUMERIC && e.value() instanceof Number
                || f.type() == Type.CATEGORICAL && e.value() instanceof String s && !s.isBlank())));
    }

    private static String json(List<Entry> house) {
        return house.stream().map(Entry::json).collect(Collectors.joining(",", "{", "}"));
    }

    private static byte[] bytes(List<Entry> house) {
        return json(house).getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonOf(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key with every character written as a \\u escape: the same key to a JSON reader. */
    private static String escaped(String name) {
        return name.chars().mapToObj(c -> String.format("\\u%04x", c)).collect(Collectors.joining("", "\"", "\""));
    }

    private static boolean isJsonWhiteSpace(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String utf8(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
