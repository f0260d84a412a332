package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.cli.CliRun;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.it.ExternalTool;
import dev.descent.it.GeneratedRecords;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Listings;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser during a demo run: Debian's headless Chromium (through
 * chromedriver) loads it, waits until the chart has a loss curve for every learner, checks the
 * table, and saves a screenshot to {@code target/live-page.png}. Skipped with a message when
 * Chromium or chromedriver is absent ({@code .ci/run} installs them).
 */
class LivePageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per test, not @BeforeAll: an assumption failing there reports "Tests run: 0", not a skip with its reason. */
    @BeforeEach
    void chromiumIsInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && ExternalTool.runs(CHROMEDRIVER.toString(), "--version"),
                "chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver);"
                        + " skipping the browser test");
    }

    @Test
    void thePageChartsEveryLearnerDuringADemo() throws Exception {
        int httpPort = freePort();
        CompletableFuture<CliRun> demo = CompletableFuture.supplyAsync(() -> CliRun.of("demo", "--port", "0",
                "--http-port", Integer.toString(httpPort), "--records", "30000", "--rate", "1500", "--progress-every", "5", "--linger", "2",
                "--drift", "abrupt:15000:1.3"));
        String page = "http://127.0.0.1:" + httpPort + "/";
        awaitUp(page + "api/learners", demo);
        List<String> ids = DefaultLearners.all().stream().map(LearnerConfig::id).toList();

        ChromeDriver browser = browser();
        try {
            browser.get(page);
            JavascriptExecutor js = browser;
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(b -> ((Number) js.executeScript(
                    "return window.descentChart.data.datasets.filter(d => d.type !== 'scatter' && d.data.length > 1).length"))
                    .intValue() == ids.size());
            List<?> charted = (List<?>) js.executeScript(
                    "return window.descentChart.data.datasets.filter(d => d.type !== 'scatter').map(d => d.label)");
            assertEquals(ids.size(), charted.size());
            assertEquals(ids.stream().sorted().toList(), charted.stream().map(Object::toString).sorted().toList());

            // The unstable learner diverges within its first records; wait for the table to say so
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> String.valueOf(js.executeScript(
                    "const r = document.querySelector('#learners tbody tr[data-learner=\"linear-sgd-0.5-unstable\"]');"
                    + " return r ? r.cells[r.cells.length - 1].textContent : ''")).startsWith("diverged"));
            // The table is redrawn every second, so it is read in one script call, not element by element.
            List<?> rows = (List<?>) js.executeScript("return Array.from(document.querySelectorAll('#learners tbody tr'))"
                    + ".map(r => [r.dataset.learner, r.cells.length, r.cells[r.cells.length - 1].textContent])");
            assertEquals(ids, rows.stream().map(r -> ((List<?>) r).get(0).toString()).toList());
            for (Object row : rows) {
                List<?> cells = (List<?>) row;
                assertEquals(16L, ((Number) cells.get(1)).longValue(), "every column filled: " + cells);
                String status = cells.get(2).toString();
                boolean unstable = cells.get(0).equals("linear-sgd-0.5-unstable");
                assertEquals(unstable, status.startsWith("diverged"), cells.get(0) + " status " + status);
            }
            assertTrue(!js.executeScript("return document.getElementById('records-in').textContent").equals("0"));
            assertEquals(List.of(true, "none"), js.executeScript("return [document.getElementById('listings').hidden,"
                    + " getComputedStyle(document.querySelector('#learners th.listings-only')).display]"),
                    "without --listings neither the listings line nor the delayed RMSE column shows");

            // The market moves at record 15,000: the detectors' drifts are marked on the curves, and the
            // champion (named above the chart, starred in the table) changes, which is marked too.
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(b -> ((Number) js.executeScript(
                    "const d = window.descentChart.data.datasets; const n = l => (d.find(x => x.label === l) || {data: []})"
                    + ".data.length; return Math.min(n('drift'), n('champion change'))")).intValue() >= 1);
            Map<?, ?> champion = (Map<?, ?>) js.executeScript("return {name: document.getElementById('champion').textContent,"
                    + " starred: Array.from(document.querySelectorAll('#learners tbody tr.champion')).map(r => r.dataset.learner),"
                    + " changes: document.getElementById('champion-changes').textContent}");
            assertTrue(ids.contains(champion.get("name").toString()), "champion: " + champion);
            assertEquals(List.of(champion.get("name")), champion.get("starred"), "the champion's row is starred: " + champion);
            assertTrue(Integer.parseInt(champion.get("changes").toString()) >= 1, "champion changes: " + champion);

            // The diverged learner is left out of the chart until asked for; the others are drawn.
            List<?> hidden = (List<?>) js.executeScript(
                    "return window.descentChart.data.datasets.filter(d => d.hidden).map(d => d.label)");
            assertEquals(List.of("linear-sgd-0.5-unstable"), hidden);
            // Laid out at 1400×1000: the legend above the plot, not over it, and axis labels short and
            // distinct (a log axis once printed 1,000,000.00 and 500,000.00 side by side).
            Map<?, ?> layout = (Map<?, ?>) js.executeScript("const c = window.descentChart; return {legendBottom:"
                    + " c.legend.bottom, plotTop: c.chartArea.top, y: c.scales.y.ticks.map(t => t.label)"
                    + ".filter(l => l !== ''), x: c.scales.x.ticks.map(t => t.label)}");
            assertTrue(((Number) layout.get("legendBottom")).doubleValue() <= ((Number) layout.get("plotTop")).doubleValue(),
                    "legend over the plot: " + layout);
            for (String axis : List.of("x", "y")) {
                List<?> labels = (List<?>) layout.get(axis);
                assertTrue(labels.size() >= 2, axis + " labels: " + labels);
                assertEquals(labels.size(), labels.stream().distinct().count(), axis + " labels: " + labels);
                labels.forEach(label -> assertTrue(label.toString().length() <= 5, axis + " label " + label));
            }
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(Path.of("target"));
            Files.copy(shot, Path.of("target", "live-page.png"), StandardCopyOption.REPLACE_EXISTING);
            js.executeScript("document.getElementById('show-diverged').click()");
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> ((Number) js.executeScript(
                    "return window.descentChart.data.datasets.filter(d => d.hidden).length")).intValue() == 0);

        } finally {
            browser.quit();
        }
        CliRun run = demo.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("the live page stays up at " + page + " for 2 s"), run.out());
        assertTrue(run.out().contains("; 7 learners learn 30,000 generated houses (seed 42, drift abrupt:15000:1.3) at 1,500/s;"
                + " the demo ends once"
                + " they are learned (Ctrl-C ends it sooner)\n"), run.out());
        // 'sent' counts what the producer took, so it never trails what the app read
        java.util.regex.Matcher progress = java.util.regex.Pattern.compile("([0-9,]+) sent, ([0-9,]+) in").matcher(run.out());
        int lines = 0;
        while (progress.find()) {
            lines++;
            long sent = Long.parseLong(progress.group(1).replace(",", ""));
            long in = Long.parseLong(progress.group(2).replace(",", ""));
            assertTrue(sent >= in, progress.group());
        }
        assertTrue(lines >= 2, run.out());
    }

    /**
     * An app with listings, its houses listed over a day and each sold 1 to 4 days later (event
     * time), one never sold: the listings line and the delayed RMSE column show their figures.
     */
    @Test
    void withListingsThePageShowsTheListingsLineAndEachLearnersDelayedRmse() throws Exception {
        long base = System.currentTimeMillis() - Duration.ofDays(6).toMillis();
        long minutes10 = Duration.ofMinutes(10).toMillis();
        long day = Duration.ofDays(1).toMillis();
        List<byte[][]> houses = GeneratedRecords.of(200, 7, 0).keyValues();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> sales = new ArrayList<>();
        Topics topics = Topics.defaults();
        records.add(new ProducerRecord<>(topics.input(), null, base, "never-sold".getBytes(StandardCharsets.UTF_8),
                unpriced(houses.get(0)[1])));
        for (int i = 0; i < houses.size(); i++) {
            long listed = base + i * minutes10;
            records.add(new ProducerRecord<>(topics.input(), null, listed, houses.get(i)[0], unpriced(houses.get(i)[1])));
            sales.add(new ProducerRecord<>(topics.input(), null, listed + (1 + i % 4) * day, houses.get(i)[0],
                    houses.get(i)[1]));
        }
        sales.sort(Comparator.comparing(ProducerRecord::timestamp));
        records.addAll(sales);
        // stream time ends at the last sale, listed at 199 × 10 min and sold 4 days later; 'never-sold' waited all
        // along, counted to the day: from the start (UTC) of the day it was listed
        double oldestDays = (base + 199 * minutes10 + 4 * day - Math.floorDiv(base, day) * day) / (double) day;

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (ProducerRecord<byte[], byte[]> record : records) {
                    producer.send(record);
                }
            }
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                    .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("live-page-listings",
                    kafka.bootstrapServers(), true, Map.of())).start(Duration.ofSeconds(60));
                 Observability observability = Observability.start(app, new InetSocketAddress("127.0.0.1", 0), "listings")) {
                ChromeDriver browser = browser();
                try {
                    browser.get("http://127.0.0.1:" + observability.port() + "/");
                    JavascriptExecutor js = browser;
                    new WebDriverWait(browser, Duration.ofSeconds(90)).until(b -> "200".equals(js.executeScript(
                            "return document.getElementById('listings-sold').textContent")));
                    Map<?, ?> line = (Map<?, ?>) js.executeScript("const t = id => document.getElementById(id).textContent;"
                            + " return {hidden: document.getElementById('listings').hidden, pending: t('listings-pending'),"
                            + " expired: t('listings-expired'), oldest: t('oldest-pending'), median: t('median-label-delay')}");
                    assertEquals(Map.of("hidden", false, "pending", "1", "expired", "0",
                            "oldest", String.format(Locale.ROOT, "%.1f days", oldestDays),
                            "median", "2.5 days"), line, "median of 50 sales each at 1, 2, 3 and 4 days");
                    // the delayed RMSE column sits after RMSE, shown, with a figure for every learner still learning
                    List<?> rows = (List<?>) js.executeScript("return Array.from(document.querySelectorAll('#learners tbody tr'))"
                            + ".map(r => [r.dataset.learner, getComputedStyle(r.cells[6]).display, r.cells[6].textContent,"
                            + " r.cells[r.cells.length - 1].textContent])");
                    assertEquals(DefaultLearners.all().size(), rows.size());
                    for (Object row : rows) {
                        List<?> cells = (List<?>) row;
                        assertTrue(!cells.get(1).equals("none"), "delayed RMSE shown: " + cells);
                        assertTrue(cells.get(3).toString().startsWith("diverged") || cells.get(2).toString().matches("[0-9.,e+]+"),
                                "delayed RMSE of " + cells);
                    }
                } finally {
                    browser.quit();
                }
            }
        }
    }

    /** A house as its listing: the generated record without its price. */
    private static byte[] unpriced(byte[] house) throws IOException {
        ObjectNode listing = (ObjectNode) JSON.readTree(house);
        listing.remove("median_house_value");
        return JSON.writeValueAsBytes(listing);
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    static void awaitUp(String url, CompletableFuture<CliRun> demo) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (demo.isDone()) {
                throw new AssertionError("the demo ended before its page was up: " + demo.join().err());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the demo is still starting its broker
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " did not come up");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
