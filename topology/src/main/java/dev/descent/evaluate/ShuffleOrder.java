package dev.descent.evaluate;

import java.util.Random;

/**
 * The order rows are fed in. With a seed it is reproducible anywhere: {@code java.util.Random(seed)}
 * and a Fisher–Yates shuffle over row indices 0..n-1, swapping i with {@code nextInt(i + 1)} for i
 * from n-1 down to 1.
 */
public final class ShuffleOrder {

    private ShuffleOrder() {
    }

    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    public static int[] shuffled(int n, long seed) {
        int[] order = identity(n);
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
