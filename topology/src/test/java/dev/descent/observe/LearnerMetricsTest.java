package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerStatus;
import dev.descent.model.Adam;
import dev.descent.model.MultilayerPerceptron;
import dev.descent.topology.LearnerSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The learner families are Prometheus text exactly as the Prometheus client writes it: every
 * series is checked against Micrometer's rendering of a meter with the same name, help, tags and
 * value, and the families are the ones docs/metrics.md documents.
 */
class LearnerMetricsTest {
    private static final Pattern SERIES = Pattern.compile("^([a-z_]+)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final LearnerConfig sgd = LearnerConfig.builder("linear-sgd-0.0001").learningRate(1e-4).build();
    private final LearnerConfig mlp = LearnerConfig.builder("mlp \"quoted\" \\ back\nslash").model(MultilayerPerceptron.ofHidden(8))
            .optimizer(new Adam()).learningRate(0.01).batchSize(32).build();
    private final LearnerConfig waiting = LearnerConfig.builder("not-started").build();

    private final Map<String, LearnerSnapshot> snapshots = Map.of(
            sgd.id(), new LearnerSnapshot(sgd, 1200, 1300, 1200, 0, 0.125, 0.5, 20_345.25, 15_000.5, 19_000.5, 3.5e-7, 12.75,
                    1e-4, 0.2735538158050748, 2.4e-4, LearnerStatus.CONVERGED, Learner.Divergence.NONE, -1,
                    9, 2, 0.25, 40, 3, 1100, 1, 640, 24_500.75, 23_000.5),
            mlp.id(), new LearnerSnapshot(mlp, 1200, 1200, 37, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    1.0e300, 7, 8, 0.0, 1e-300, 0.01, Double.NaN, Double.NaN, LearnerStatus.DIVERGED,
                    Learner.Divergence.EXPLODING_LOSS, 12, 0, 1, Double.NaN, 0, 0, -1, 0, 0, Double.NaN, Double.NaN));

    private String render() {
        return render(true);
    }

    private String render(boolean listings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LearnerMetrics(snapshots::get, List.of(sgd, mlp, waiting), listings, "run-1").writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutListingsTheDelayedFamiliesAreLeftOut() {
        String text = render(false);
        assertFalse(text.contains("delayed"), text);
        assertEquals(3 * 25, text.lines().filter(l -> !l.startsWith("#")).count(), "25 families for 3 learners");
    }

    @Test
    void everySeriesIsWhatThePrometheusClientWouldWrite() {
        String text = render();
        PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new HashMap<>();
        List<Double> held = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts[1]);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                type.put(parts[0], parts[1]);
            } else {
                Matcher series = SERIES.matcher(line);
                assertTrue(series.matches(), line);
                String name = series.group(1);
                // boxed and held here: the meters keep only weak references, and a collected value reads NaN
                Double value = parse(series.group(3));
                held.add(value);
                Tags tags = tags(series.group(2));
                if (type.get(name).equals("counter")) {
                    FunctionCounter.builder(name.substring(0, name.length() - "_total".length()), value, v -> v)
                            .description(help.get(name)).tags(tags).register(reference);
                } else {
                    assertEquals("gauge", type.get(name), name);
                    Gauge.builder(name, value, v -> v).description(help.get(name)).tags(tags).register(reference);
                }
            }
        }
        assertEquals(lines(reference.scrape()), lines(text));
    }

    @Test
    void eachLearnerHasOneSeriesPerDocumentedFamilyWithItsValues() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher doc = Pattern.compile("^\\| `(descent_learner_[a-z_]+)`", Pattern.MULTILINE)
                .matcher(Files.readString(DashboardFilesTest.ROOT.resolve("docs/metrics.md")));
        while (doc.find()) {
            documented.add(doc.group(1));
        }
        assertEquals(27, documented.size(), documented.toString());

        Map<String, Map<String, String>> values = new TreeMap<>();     // learner → family → value
        for (String line : render().split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (!series.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            for (Tag tag : tags(series.group(2))) {
                labels.put(tag.getKey(), tag.getValue());
            }
            assertEquals(Set.of("batch_size", "learner", "learning_rate", "model", "optimizer", "run_id"), labels.keySet());
            assertEquals("run-1", labels.get("run_id"));
            String previous = values.computeIfAbsent(labels.get("learner"), k -> new TreeMap<>())
                    .put(series.group(1), series.group(3));
            assertEquals(null, previous, "one series per learner and family: " + line);
        }
        assertEquals(Set.of(sgd.id(), mlp.id(), waiting.id()), values.keySet(), "ids unescaped back exactly");
        assertTrue(render().contains("learner=\"linear-sgd-0.0001\",learning_rate=\"0.0001\""), "one way to write a rate");
        assertTrue(render().contains("learning_rate=\"0.01\",model=\"mlp\""), "one way to write a rate");
        for (Map<String, String> families : values.values()) {
            assertEquals(documented, families.keySet());
        }

        Map<String, String> linear = values.get(sgd.id());
        assertEquals("20345.25", linear.get("descent_learner_rmse"));
        assertEquals("0.2735538158050748", linear.get("descent_learner_stability_bound"));
        assertEquals("1.0", linear.get("descent_learner_converged"));
        assertEquals("19000.5", linear.get("descent_learner_rmse_recent"));
        assertEquals(Double.toString(1e-4 / 2.4e-4), linear.get("descent_learner_rate_to_bound"), "per record: 1/max|x|^2");
        assertEquals("1300.0", linear.get("descent_learner_records_predicted_total"));
        assertEquals("9.0", linear.get("descent_learner_version"), "two replicas, combined: the newest version");
        assertEquals("2.0", linear.get("descent_learner_replicas"));
        assertEquals("0.25", linear.get("descent_learner_sync_age_seconds"));
        assertEquals("40.0", linear.get("descent_learner_staleness_records"));
        assertEquals("24500.75", linear.get("descent_learner_delayed_rmse"));
        assertEquals("640.0", linear.get("descent_learner_delayed_scored_total"));
        Map<String, String> diverged = values.get(mlp.id());
        assertEquals("+Inf", diverged.get("descent_learner_loss"));
        assertEquals("-Inf", diverged.get("descent_learner_loss_mean"));
        assertEquals("NaN", diverged.get("descent_learner_stability_bound"));
        assertEquals("1.0", diverged.get("descent_learner_diverged"));
        assertEquals("NaN", diverged.get("descent_learner_rate_to_bound"), "Adam has no such bound");
        assertEquals("2.0", diverged.get("descent_learner_skipped_updates_total"));
        assertEquals("0.0", diverged.get("descent_learner_version"), "one partition: no global versions");
        assertEquals("1.0", diverged.get("descent_learner_replicas"));
        assertEquals("NaN", diverged.get("descent_learner_sync_age_seconds"), "one partition: nothing is sent");
        assertEquals("0.0", diverged.get("descent_learner_staleness_records"));
        assertEquals("NaN", diverged.get("descent_learner_delayed_rmse"), "no sale scored yet");
        assertEquals("0.0", diverged.get("descent_learner_delayed_scored_total"));
        Map<String, String> notStarted = values.get(waiting.id());
        assertEquals("NaN", notStarted.get("descent_learner_rmse"), "no snapshot yet: gauges are unknown");
        assertEquals("0.0", notStarted.get("descent_learner_steps_total"), "counters start at zero");
        assertEquals("NaN", notStarted.get("descent_learner_replicas"), "no snapshot yet: no replicas known");
    }

    private static Tags tags(String labels) {
        List<Tag> tags = new ArrayList<>();
        Matcher label = LABEL.matcher(labels);
        int end = 0;
        while (label.find()) {
            assertEquals(end, label.start(), "labels are name=\"value\" pairs: " + labels);
            end = label.end();
            tags.add(Tag.of(label.group(1), unescape(label.group(2))));
        }
        assertEquals(labels.length(), end, labels);
        return Tags.of(tags);
    }

    private static String unescape(String escaped) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\') {
                c = escaped.charAt(++i);
                value.append(c == 'n' ? '\n' : c);
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /**
     * The lines, each value written as the Prometheus client writes it: a value may be spelled with
     * fewer digits than the JDK's Double.toString uses, as long as it reads back as the same double.
     */
    private static Set<String> lines(String text) {
        Set<String> lines = new TreeSet<>();
        for (String line : text.split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (series.matches()) {
                double v = parse(series.group(3));
                String value = v == Double.POSITIVE_INFINITY ? "+Inf" : v == Double.NEGATIVE_INFINITY ? "-Inf"
                        : Double.toString(v);
                line = series.group(1) + "{" + series.group(2) + "} " + value;
            }
            lines.add(line);
        }
        return lines;
    }
}
