package dev.descent.it;

import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fixed batch of generated houses for a test, with what the test needs to know about it:
 * {@code labeledBefore[n]} is how many of the first {@code n} records carry a label.
 */
public record GeneratedRecords(List<byte[][]> keyValues, Set<String> keys, long[] labeledBefore) {

    public static GeneratedRecords of(int n, long seed, double unlabeledFraction) {
        HouseGenerator generator = new HouseGenerator(seed, unlabeledFraction);
        List<byte[][]> keyValues = new ArrayList<>(n);
        Set<String> keys = new LinkedHashSet<>();
        long[] labeledBefore = new long[n + 1];
        for (int i = 0; i < n; i++) {
            GeneratedHouse house = generator.nextHouse();
            HouseMessage message = house.toMessage();
            keyValues.add(new byte[][] {message.keyBytes(), message.value()});
            keys.add(message.key());
            labeledBefore[i + 1] = labeledBefore[i] + (house.labeled() ? 1 : 0);
        }
        return new GeneratedRecords(keyValues, keys, labeledBefore);
    }

    /** The labeled records among all of them. */
    public long labeled() {
        return labeledBefore[keyValues.size()];
    }
}
