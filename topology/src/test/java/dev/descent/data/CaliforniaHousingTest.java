package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.model.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaliforniaHousingTest {

    @Test
    void shouldDescribeCaliforniaHousingWithThirteenNamedFeatures() {
        Schema schema = CaliforniaHousing.schema();
        assertEquals(13, schema.featureCount());
        assertEquals(List.of("longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
                "population", "households", "median_income", "ocean_proximity=<1H OCEAN", "ocean_proximity=INLAND",
                "ocean_proximity=ISLAND", "ocean_proximity=NEAR BAY", "ocean_proximity=NEAR OCEAN"),
                schema.featureNames());
        assertEquals("median_house_value", schema.label());
    }
}
