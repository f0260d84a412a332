package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboards, their provisioning and the scrape config parse and name only metrics the app documents. */
class DashboardFilesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = Path.of("..");

    @Test
    void everyPanelQueriesPrometheus() {
        List<JsonNode> panels = DashboardQueries.panels();
        assertTrue(panels.size() >= 8, "convergence, health, throughput, lag and dead-letter panels");
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertFalse(title.isBlank());
            assertTrue(panel.path("targets").size() >= 1, title);
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), title);
                assertEquals("${datasource}", target.path("datasource").path("uid").asText(), title);
                assertFalse(target.path("expr").asText().matches(".*\\[[0-9]+[smh]].*rate.*|.*rate\\([^)]*\\[[0-9]+[smh]].*"),
                        title + ": rates over $__rate_interval, not a fixed window");
            }
            assertFalse(panel.path("description").asText().isBlank(), title + " says what it shows");
        }
    }

    /** Variables pick the data source, the runs and the learners; the learner panels follow them. */
    @Test
    void theDashboardHasVariablesForTheDataSourceRunsAndLearners() throws IOException {
        for (java.nio.file.Path file : DashboardQueries.files()) {
            JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            List<String> variables = new java.util.ArrayList<>();
            dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertEquals(List.of("datasource", "run_id", "learner"), variables, file.toString());
            dashboard.path("templating").path("list").forEach(v -> {
                if (!v.path("type").asText().equals("datasource")) {
                    assertTrue(v.path("multi").asBoolean() && v.path("includeAll").asBoolean(), v.toString());
                    assertTrue(v.path("query").path("query").asText().startsWith("label_values("), v.toString());
                }
            });
            List<String> rows = new java.util.ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    rows.add(panel.path("title").asText());
                    // a collapsed row holds its panels inside it, where DashboardQueries does not look
                    assertFalse(panel.path("collapsed").asBoolean(), panel.path("title").asText());
                } else if (panel.path("targets").toString().matches(".*descent_(learner_|keyed_rmse).*")) {
                    panel.path("targets").forEach(t -> assertTrue(t.path("expr").asText().contains("learner=~\"$learner\""),
                            panel.path("title").asText()));
                }
            }
            assertEquals(List.of("Learners", "Listings and sales", DashboardQueries.MODEL_KEYS_ROW, "Stream health", "JVM"), rows);
            assertTrue(dashboard.path("panels").toString().contains("state-timeline"), "status as a state timeline");
        }
    }

    @Test
    void dashboardsNameOnlyDocumentedMetrics() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `([a-z_]+)`", Pattern.MULTILINE)
                .matcher(Files.readString(ROOT.resolve("docs/metrics.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertTrue(documented.contains("descent_learner_rmse"), documented.toString());
        Set<String> unknown = new TreeSet<>();
        for (String queried : DashboardQueries.metricNames()) {
            // a histogram's series are documented under its family's name
            String name = queried.replaceAll("_bucket$", "");
            boolean outside = name.startsWith("kafka_") || name.startsWith("jvm_") || name.startsWith("process_")
                    || name.startsWith("system_");
            if (!outside && !documented.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(Set.of(), unknown, "dashboard metrics missing from docs/metrics.md");
    }

    @Test
    void provisioningAndScrapeConfigPointWhereComposeMountsThem() throws IOException {
        JsonNode datasource = YAML.readTree(ROOT.resolve("dashboards/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        assertEquals("prometheus", datasource.path("uid").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        JsonNode provider = YAML.readTree(ROOT.resolve("dashboards/grafana/provisioning/dashboards/descent.yml").toFile())
                .path("providers").get(0);
        String path = provider.path("options").path("path").asText();
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        String mounts = compose.path("services").path("grafana").path("volumes").toString();
        assertTrue(mounts.contains("./dashboards/grafana/dashboards:" + path), mounts);
        JsonNode scrape = YAML.readTree(ROOT.resolve("dashboards/prometheus/prometheus.yml").toFile())
                .path("scrape_configs").get(0);
        assertEquals("/metrics", scrape.path("metrics_path").asText());
        assertEquals("app:8080", scrape.path("static_configs").get(0).path("targets").get(0).asText());
    }
}
