package dev.descent.evaluate;

import dev.descent.data.CaliforniaHousing;
import dev.descent.data.CsvRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance on the real California-housing file (read from ../shared/data, never copied). */
class CaliforniaEvaluationTest {
    static final Path DATA = Path.of("..", "..", "shared", "data", "california_housing.csv").toAbsolutePath().normalize();
    static JsonNode report;

    @BeforeAll
    static void evaluate() throws Exception {
        assumeTrue(Files.isRegularFile(DATA), "California housing data not found at " + DATA
                + " (see DESIGN.md: ../shared/data/california_housing.csv); skipping");
        CliRun run = CliRun.of("evaluate", "--csv", DATA.toString(), "--shuffle-seed", "42", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        report = new ObjectMapper().readTree(run.out());
    }

    @Test
    void shouldReadEveryRowWithThirteenFeatures() {
        assertEquals(20_640, report.get("rows").asInt());
        assertEquals(0, report.get("badRows").asInt());
        assertEquals(13, report.get("features").asInt());
    }

    @Test
    void shouldBringTheBestLinearLearnerWithinFivePercentOfClosedFormLeastSquares() throws Exception {
        double closedForm = closedFormRmse();
        double bestLinear = bestRmse("linear");
        assertTrue(closedForm > 60_000 && closedForm < 75_000, "closed-form RMSE " + closedForm);
        assertTrue(bestLinear <= 1.05 * closedForm,
                "best linear prequential RMSE " + bestLinear + " vs closed-form " + closedForm);
    }

    @Test
    void shouldHaveAnMlpBeatTheBestLinearLearner() {
        assertTrue(bestRmse("mlp") < bestRmse("linear"),
                "MLP " + bestRmse("mlp") + " vs linear " + bestRmse("linear"));
    }

    @Test
    void shouldReportTheUnstableLearnerDivergedWithFiniteParameters() {
        JsonNode unstable = learner("linear-sgd-0.5-unstable");
        assertEquals("diverged", unstable.get("status").asText());
        assertTrue(unstable.get("divergedAtRow").asLong() > 0);
        assertTrue(unstable.get("learningRate").asDouble() > 1.5 * unstable.get("stabilityBound").asDouble(),
                "its rate is far above its bound");
        assertTrue(unstable.get("weightNorm").isNumber() && Double.isFinite(unstable.get("weightNorm").asDouble()),
                "last good parameters are finite");
        assertEquals(20_640, unstable.get("rows").asInt(), "the run completes over every row");
    }

    @Test
    void shouldNameTheBestLearnerAndWhy() {
        assertNotNull(report.get("best").asText());
        assertTrue(report.get("bestReason").asText().contains("lowest prequential RMSE"));
        assertTrue(report.get("best").asText().startsWith("mlp"), report.get("best").asText());
    }

    @Test
    void shouldReportTheStabilityBoundsOfLinearLearners() {
        JsonNode sgd = learner("linear-sgd-0.0001");
        double fullBatch = sgd.get("stabilityBound").asDouble();
        double perSample = sgd.get("perSampleBound").asDouble();
        assertTrue(fullBatch > 0.15 && fullBatch < 0.35, "2/λmax " + fullBatch);
        assertTrue(perSample < fullBatch / 100, "outliers make the per-sample bound far smaller: " + perSample);
    }

    @Test
    void shouldKeepRobustLearnersOnTrackWhereOutliersThrowPlainSgdOff(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // Same step 1e-3 everywhere: above the per-sample bound (~3e-4), below the full-batch bound (~0.24).
        Path learners = dir.resolve("learners.json");
        Files.writeString(learners, """
                [{"id": "plain", "learningRate": 0.001},
                 {"id": "clipped", "learningRate": 0.001, "clipNorm": 1.0},
                 {"id": "normalized", "learningRate": 0.001, "normalized": true},
                 {"id": "unscaled-target", "learningRate": 0.001, "clipNorm": 1.0, "scaleTarget": false}]
                """);
        CliRun run = CliRun.of("evaluate", "--csv", DATA.toString(), "--shuffle-seed", "42", "--format", "json",
                "--learners", learners.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode robust = new ObjectMapper().readTree(run.out());
        double plain = rmseOf(robust, "plain");
        double clipped = rmseOf(robust, "clipped");
        double normalized = rmseOf(robust, "normalized");
        assertTrue(plain > 2 * clipped, "outlier rows throw plain SGD off: plain " + plain + ", clipped " + clipped);
        assertTrue(clipped < 80_000 && normalized < 80_000, "clipped " + clipped + ", normalized " + normalized);
        assertTrue(rmseOf(robust, "unscaled-target") > 100_000,
                "without target scaling a clipped step of 1e-3 cannot move dollar-sized weights far enough");
    }

    private static double rmseOf(JsonNode report, String id) {
        for (JsonNode l : report.get("learners")) {
            if (l.get("id").asText().equals(id)) {
                return l.get("rmse").asDouble();
            }
        }
        throw new AssertionError("no learner " + id);
    }

    private static JsonNode learner(String id) {
        for (JsonNode l : report.get("learners")) {
            if (l.get("id").asText().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no learner " + id);
    }

    private static double bestRmse(String model) {
        double best = Double.POSITIVE_INFINITY;
        for (JsonNode l : report.get("learners")) {
            if (l.get("model").asText().startsWith(model) && !"diverged".equals(l.get("status").asText())) {
                best = Math.min(best, l.get("rmse").asDouble());
            }
        }
        return best;
    }

    /** In-sample RMSE of ordinary least squares on all rows (13 features + intercept), missing values mean-imputed. */
    private static double closedFormRmse() throws Exception {
        EncodedRows rows;
        try (CsvRows csv = CsvRows.open(DATA, CaliforniaHousing.schema())) {
            rows = EncodedRows.read(DATA, csv);
        }
        int n = rows.size();
        int p = 14;
        List<double[]> xs = new ArrayList<>();
        double[] means = new double[13];
        int[] counts = new int[13];
        for (double[] x : rows.features()) {
            for (int j = 0; j < 13; j++) {
                if (!Double.isNaN(x[j])) {
                    means[j] += x[j];
                    counts[j]++;
                }
            }
        }
        for (int j = 0; j < 13; j++) {
            means[j] /= counts[j];
        }
        DMatrixRMaj a = new DMatrixRMaj(n, p);
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            double[] x = rows.features()[i];
            for (int j = 0; j < 13; j++) {
                a.set(i, j, Double.isNaN(x[j]) ? means[j] : x[j]);
            }
            a.set(i, 13, 1);
            b.set(i, 0, rows.labels()[i]);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
        assertTrue(solver.setA(a.copy()), "least squares setup");
        DMatrixRMaj theta = new DMatrixRMaj(p, 1);
        solver.solve(b, theta);
        DMatrixRMaj fitted = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(a, theta, fitted);
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = b.get(i, 0) - fitted.get(i, 0);
            sse += r * r;
        }
        return Math.sqrt(sse / n);
    }
}
