package dev.descent.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The PromQL of every panel of every dashboard in {@code dashboards/}, and the metric names it uses. */
public final class DashboardQueries {
    /** Tests run in the module directory; the dashboards live at the repository root. */
    public static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana", "dashboards");
    /** The row only an app with model keys has series for; such an app cannot also run with listings. */
    public static final String MODEL_KEYS_ROW = "Model keys";
    static final Set<String> PROMQL_WORDS = Set.of("rate", "irate", "increase", "sum", "avg", "max", "min", "count",
            "by", "without", "on", "ignoring", "topk", "bottomk", "histogram_quantile", "abs", "clamp_min", "delta");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardQueries() {
    }

    public static List<Path> files() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (Path file : files()) {
            try {
                JSON.readTree(file.toFile()).path("panels").forEach(p -> {
                    if (!p.path("type").asText().equals("row")) {
                        panels.add(p);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return panels;
    }

    /**
     * Every target expression, as Prometheus will be asked it with the dashboard's variables at
     * "All" and a rate interval Grafana would pick for a few-second scrape.
     */
    public static List<String> all() {
        return byRow().values().stream().flatMap(List::stream).toList();
    }

    /**
     * The target expressions as {@link #all()}, by the title of the row their panel sits under, in
     * the dashboards' order: a row's series may need an app run with its options.
     */
    public static Map<String, List<String>> byRow() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (Path file : files()) {
            try {
                String row = "";
                for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                    if (panel.path("type").asText().equals("row")) {
                        row = panel.path("title").asText();
                    } else {
                        List<String> exprs = rows.computeIfAbsent(row, r -> new ArrayList<>());
                        panel.path("targets").forEach(t -> exprs.add(asked(t.path("expr").asText())));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    /** The Prometheus-backed annotation queries (drifts, champion changes), as Prometheus will be asked them. */
    public static List<String> annotations() {
        List<String> exprs = new ArrayList<>();
        for (Path file : files()) {
            try {
                JSON.readTree(file.toFile()).path("annotations").path("list").forEach(a -> {
                    if (a.has("expr")) {
                        exprs.add(asked(a.path("expr").asText()));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exprs;
    }

    private static String asked(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$run_id", ".*").replace("$learner", ".*");
    }

    /** The metric names of every panel and annotation. */
    public static Set<String> metricNames() {
        List<String> exprs = new ArrayList<>(all());
        exprs.addAll(annotations());
        return metricNames(exprs);
    }

    /** The metric names in the expressions: identifiers that are not PromQL words, label names or durations. */
    public static Set<String> metricNames(List<String> exprs) {
        Set<String> names = new TreeSet<>();
        for (String expr : exprs) {
            String bare = expr.replaceAll("\\{[^}]*}", "")        // label matchers
                    .replaceAll("\\[[^]]*]", "")                   // range windows
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
            Matcher m = IDENTIFIER.matcher(bare);
            while (m.find()) {
                if (!PROMQL_WORDS.contains(m.group())) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
