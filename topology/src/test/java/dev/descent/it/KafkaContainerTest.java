package dev.descent.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end scenario against the official {@code apache/kafka} image, the broker users
 * run in docker-compose. Skipped, with JUnit saying so, where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {
    /** Pinned to the client version the app is built with. */
    static final String IMAGE = "apache/kafka:4.3.1";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(IMAGE);

    @Test
    void theBestLinearLearnerReachesTheLinearFloorOnTheOfficialImage() throws Exception {
        ConvergenceScenario.run(KAFKA.getBootstrapServers());
    }
}
