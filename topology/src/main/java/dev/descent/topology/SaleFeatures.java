package dev.descent.topology;

import dev.descent.model.Schema;
import dev.descent.model.Schema.Type;

/**
 * A sale's features over its listing's, field by field: a numeric field the sale carries (not
 * NaN) replaces the listing's, as does a category it names (a one-hot block not all zeros); the
 * listing's stand everywhere else. Encoded features have the numeric fields first, then each
 * categorical field's block ({@link HouseParser}).
 */
final class SaleFeatures {
    private final int numeric;
    private final int[] blockSizes;

    SaleFeatures(Schema schema) {
        this.numeric = (int) schema.fields().stream().filter(f -> f.type() == Type.NUMERIC).count();
        this.blockSizes = schema.fields().stream().filter(f -> f.type() == Type.CATEGORICAL)
                .mapToInt(f -> f.categories().size()).toArray();
    }

    /** A new array: {@code listing} with what {@code sale} carries written over it. */
    double[] over(double[] listing, double[] sale) {
        double[] merged = listing.clone();
        for (int i = 0; i < numeric; i++) {
            if (!Double.isNaN(sale[i])) {
                merged[i] = sale[i];
            }
        }
        int start = numeric;
        for (int size : blockSizes) {
            if (named(sale, start, size)) {
                System.arraycopy(sale, start, merged, start, size);
            }
            start += size;
        }
        return merged;
    }

    private static boolean named(double[] features, int start, int size) {
        for (int i = start; i < start + size; i++) {
            if (features[i] != 0) {
                return true;
            }
        }
        return false;
    }
}
