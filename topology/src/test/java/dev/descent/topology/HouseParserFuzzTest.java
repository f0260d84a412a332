package dev.descent.topology;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.data.CaliforniaHousing;

/**
 * Coverage-guided fuzzing (Jazzer) of the parser: whatever the bytes, it reads what a strict reading
 * of them says ({@link HouseReading}) or makes them a dead letter, and throws nothing else.
 *
 * <p>{@code ./mvnw verify} fuzzes it for a bounded time in a JVM of its own (the failsafe
 * executions in topology/pom.xml); {@code ./mvnw test -Dtest=HouseParserFuzzTest} runs it on its seed
 * inputs only: the files in {@code HouseParserFuzzTestInputs}, where a fuzzing run also leaves an
 * input that failed.
 */
class HouseParserFuzzTest {
    private static final HouseParser PARSER = new HouseParser(CaliforniaHousing.schema());

    @FuzzTest
    @DictionaryEntries({"\"longitude\"", "\"latitude\"", "\"housing_median_age\"", "\"total_rooms\"",
        "\"total_bedrooms\"", "\"population\"", "\"households\"", "\"median_income\"", "\"median_house_value\"",
        "\"ocean_proximity\"", "\"NEAR BAY\"", "\"INLAND\"", "NaN", "Infinity", "1e15", "null", "\\u", "\uFEFF"})
    void readsAsTheTextSaysOrIsADeadLetter(byte[] value) {
        HouseReading.assertParsedAsItReads(PARSER, value);
    }
}
