package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.descent.cli.DescentCommand;
import dev.descent.it.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Debian's docker-compose (v1) reads it — `config` validates without an
 * engine — with every image pinned and every descent command one the CLI accepts. Skipped with a message when docker-compose is absent
 * ({@code .ci/run} installs it).
 */
class ComposeFileTest {
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        assumeTrue(ExternalTool.runs("docker-compose", "version"),
                "docker-compose is not installed (Debian: apt-get install docker-compose); skipping the compose check");
        Process config = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(config.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, config.exitValue(), output);
    }

    /** The services built from this project run descent commands; each must parse as the CLI reads it. */
    @Test
    void everyDescentServiceCommandParses() throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services");
        List<String> checked = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            if (!service.getValue().has("build")) {
                return;
            }
            List<String> args = new ArrayList<>();
            service.getValue().path("command").forEach(arg -> args.add(arg.asText()));
            assertDoesNotThrow(() -> DescentCommand.commandLine().parseArgs(args.toArray(String[]::new)),
                    service.getKey() + ": descent " + String.join(" ", args));
            checked.add(service.getKey());
        });
        assertEquals(List.of("app", "producer"), checked);
    }

    @Test
    void everyImageIsPinned() throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services");
        services.fields().forEachRemaining(service -> {
            JsonNode image = service.getValue().path("image");
            if (image.isMissingNode()) {
                assertTrue(service.getValue().has("build"), service.getKey() + " has an image or a build");
                return;
            }
            String name = image.asText();
            assertTrue(name.matches("[^:]+:[^:]+") && !name.endsWith(":latest"), service.getKey() + " pins " + name);
        });
        assertTrue(services.has("kafka") && services.path("kafka").path("image").asText().startsWith("apache/kafka:"));
        for (String needed : new String[] {"app", "producer", "prometheus", "grafana"}) {
            assertTrue(services.has(needed), needed);
        }
    }

    /** Clients on the host reach Kafka at localhost:9094; the services of the stack at kafka:9092. */
    @Test
    void kafkaAdvertisesAListenerForTheHost() throws Exception {
        JsonNode kafka = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services").path("kafka");
        JsonNode env = kafka.path("environment");
        assertTrue(env.path("KAFKA_LISTENERS").asText().contains("HOST://:9094"), env.toString());
        assertEquals("PLAINTEXT://kafka:9092,HOST://localhost:9094", env.path("KAFKA_ADVERTISED_LISTENERS").asText());
        assertTrue(env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText().contains("HOST:PLAINTEXT"), env.toString());
        assertEquals("9094:9094", kafka.path("ports").get(0).asText());
        JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services")
                .path("prometheus").path("volumes");
        assertTrue(prometheus.toString().contains("./dashboards/prometheus/alerts.yml:/etc/prometheus/alerts.yml"),
                "the alert rules are loaded: " + prometheus);
    }
}
