package dev.descent.it;

import dev.descent.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end scenario on the in-JVM broker. */
class ConvergenceTest {

    @Test
    void theBestLearnerReachesTheNoiseLevelAndTheUnstableOneDiverges(@TempDir Path state) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            ConvergenceScenario.run(kafka.bootstrapServers(), state);
        }
    }
}
