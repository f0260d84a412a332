package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShuffleOrderTest {

    @Test
    void shouldSwapEachIndexWithRandomNextIntFromTheTopDown() {
        // Spelled out for n = 4: i = 3, 2, 1 each swap with nextInt(i + 1) of Random(42).
        Random r = new Random(42);
        int[] expected = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, ShuffleOrder.shuffled(4, 42));
    }

    @Test
    void shouldGiveThisDocumentedOrderForTenRowsAndSeed42() {
        // The README quotes this order so other tools can check they shuffle the same way.
        assertArrayEquals(new int[] {4, 6, 2, 1, 7, 9, 8, 5, 3, 0}, ShuffleOrder.shuffled(10, 42));
    }

    @Test
    void shouldBeAPermutation() {
        int[] order = ShuffleOrder.shuffled(20_640, 42);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(ShuffleOrder.identity(20_640), sorted);
    }
}
