package dev.descent.topology;

/**
 * One parsed input record: its key, its feature vector (NaN for a missing value) and its label
 * (NaN when unlabeled: predict only).
 */
public record HouseRecord(String key, double[] features, double label) {

    public boolean labeled() {
        return !Double.isNaN(label);
    }
}
