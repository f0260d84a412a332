package dev.descent.it;

import dev.descent.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

/** The end-to-end scenario on the in-JVM broker. */
class ConvergenceTest {

    @Test
    void theBestLinearLearnerReachesTheLinearFloorAndTheUnstableOneDiverges() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            ConvergenceScenario.run(kafka.bootstrapServers());
        }
    }
}
