package dev.descent.data;

/**
 * A rough outline of California, enough to place synthetic census blocks plausibly: the
 * coastline's longitude and the eastern border's longitude at each latitude.
 */
final class CaliforniaGeography {
    static final double SOUTH = 32.55;
    static final double NORTH = 41.95;

    /** (latitude, longitude) along the coast from the Mexican to the Oregon border. */
    private static final double[][] COAST = {
            {32.50, -117.10}, // San Diego
            {33.75, -118.20}, // Long Beach
            {34.00, -118.50}, // Santa Monica
            {34.45, -120.50}, // Point Conception
            {36.60, -121.90}, // Monterey
            {37.80, -122.50}, // San Francisco
            {38.90, -123.70}, // Point Arena
            {40.40, -124.40}, // Cape Mendocino
            {42.00, -124.20}, // Oregon border
    };

    /** North of Lake Tahoe the border runs along 120°W; south of it, diagonally to the Colorado River. */
    private static final double TAHOE_LATITUDE = 39.0;
    private static final double NORTH_EAST_BORDER = -120.0;
    private static final double COLORADO_RIVER_LATITUDE = 35.0;
    private static final double COLORADO_RIVER = -114.6;

    private CaliforniaGeography() {
    }

    /** Longitude of the coastline at {@code latitude}, interpolated linearly between landmarks. */
    static double coastLongitude(double latitude) {
        if (latitude <= COAST[0][0]) {
            return COAST[0][1];
        }
        for (int i = 1; i < COAST.length; i++) {
            if (latitude <= COAST[i][0]) {
                double t = (latitude - COAST[i - 1][0]) / (COAST[i][0] - COAST[i - 1][0]);
                return COAST[i - 1][1] + t * (COAST[i][1] - COAST[i - 1][1]);
            }
        }
        return COAST[COAST.length - 1][1];
    }

    /** Longitude of the eastern state border at {@code latitude}. */
    static double eastLongitude(double latitude) {
        if (latitude >= TAHOE_LATITUDE) {
            return NORTH_EAST_BORDER;
        }
        if (latitude <= COLORADO_RIVER_LATITUDE) {
            return COLORADO_RIVER;
        }
        double t = (TAHOE_LATITUDE - latitude) / (TAHOE_LATITUDE - COLORADO_RIVER_LATITUDE);
        return NORTH_EAST_BORDER + t * (COLORADO_RIVER - NORTH_EAST_BORDER);
    }
}
