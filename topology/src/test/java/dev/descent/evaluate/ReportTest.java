package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report as people and programs read it: statuses, the divergence's reason, bounds frozen at divergence. */
class ReportTest {

    private static LearnerResult learner(String id, double rmse, double r2, String status, Long settled, String divergence,
                                         Long divergedAtRow, Double stabilityBound, Double perSampleBound) {
        return new LearnerResult(id, "linear 13", "sgd", 0.01, 1, 20_640, 20_640, rmse, null, null, rmse * 0.7, r2, rmse, 5000,
                0.5, 2e6, status, divergence, divergedAtRow, divergedAtRow == null ? 0 : 1, stabilityBound,
                perSampleBound, 0.1, 3.0, settled, List.of());
    }

    private static Report report() {
        return Report.of("houses.csv", 20_640, 0, 0, 13, 42L, null, List.of(
                learner("good", 70_000, 0.6, "converged", 1_265L, null, null, 0.261, 0.000311),
                learner("bouncing", 212_037, -2.376, "poor", 19_335L, null, null, 0.261, 0.000311),
                learner("mlp", 65_000, 0.65, "drifting", 9_000L, null, null, null, null),
                learner("hot", 6_479_113, -3151.6, "diverged", null, "exploding_loss", 73L, 0.235, 0.00864)));
    }

    @Test
    void shouldShowEachStatusWithTheDivergencesReasonAndMarkBoundsFrozenAtDivergence() {
        String expected = """
                houses.csv: 20,640 rows (0 bad, 0 unlabeled), 13 features, shuffled with seed 42
                rank learner      rows        RMSE         MAE      R² RMSE last 5k  settled@    rows/s       rate    2/λmax  1/max‖x‖²   status
                   1 mlp        20,640      65,000      45,500   0.650       65,000     9,000     2.00M     0.0100         -          -   drifting
                   2 good       20,640      70,000      49,000   0.600       70,000     1,265     2.00M     0.0100     0.261   0.000311   converged
                   3 bouncing   20,640     212,037     148,426  -2.376      212,037    19,335     2.00M     0.0100     0.261   0.000311   poor
                   4 hot        20,640   6,479,113   4,535,379 -3151.600    6,479,113         -     2.00M     0.0100     0.235*   0.00864*  diverged@73 (exploding_loss)
                * at divergence: a diverged learner's stability bounds stop at the row it diverged
                best: mlp — lowest prequential RMSE (6.500e+04) among the 3 of 4 learners that did not diverge
                """;

        assertEquals(expected, report().toTable());
    }

    @Test
    void shouldLeaveOutTheFootnoteWhenNoBoundStoppedAtDivergence() {
        Report report = Report.of("houses.csv", 10, 0, 0, 13, null, null, List.of(
                learner("good", 70_000, 0.6, "learning", null, null, null, 0.261, 0.000311),
                learner("mlp-hot", 6e6, -3000, "diverged", null, "non_finite_loss", 1_234L, null, null)));

        String table = report.toTable();
        assertTrue(table.contains("  diverged@1,234 (non_finite_loss)\n"), table);
        assertFalse(table.contains("at divergence"), table);
    }

    @Test
    void shouldKeepNumbersAndLowerCaseStatusesInTheJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().toJson());
        JsonNode hot = json.get("learners").get(3);

        assertEquals("diverged", hot.get("status").asText());
        assertEquals("exploding_loss", hot.get("divergence").asText());
        assertEquals(73, hot.get("divergedAtRow").asLong());
        assertEquals(0.235, hot.get("stabilityBound").asDouble());
        assertTrue(hot.get("stepsToConvergence").isNull());
        assertEquals("poor", json.get("learners").get(1).get("status").asText());
        assertEquals(List.of("mlp", "good", "bouncing", "hot"),
                List.of(json.get("ranking").get(0).asText(), json.get("ranking").get(1).asText(),
                        json.get("ranking").get(2).asText(), json.get("ranking").get(3).asText()));
    }

    private static KeyedComparison.KeyRow key(String key, long records, double best, double global, double served) {
        return new KeyedComparison.KeyRow(key, records, "linear-rls", best, global, served);
    }

    @Test
    void shouldCompareEachKeyWithTheGlobalLearnerAfterTheLearnersRows() {
        KeyedComparison keyed = new KeyedComparison("ocean_proximity", "mlp", new KeyedComparison.Summary(20_640, 0,
                20_640, "linear-rls", 20_349.4, 25_807.0, 26_376.0, 25_807.0 / 26_376 - 1), List.of(
                key("<1H OCEAN", 8_915, 20_166, 24_825, 26_472),
                key("ISLAND", 5, 54_715, 132_987, 125_334)));
        String table = report().withKeyed(keyed).toTable();

        assertTrue(table.startsWith(report().toTable()), "the learners' rows as without keys, then the keys");
        assertEquals("""
                keyed by ocean_proximity: 2 keys, each against the best global learner, mlp, on the same records
                key           records  key's best        RMSE  global RMSE  served RMSE
                <1H OCEAN       8,915  linear-rls      20,166       24,825       26,472
                ISLAND              5  linear-rls      54,715      132,987      125,334
                all records    20,640  linear-rls      20,349       26,376       25,807  served 2.2% lower than global
                """, table.substring(report().toTable().length()));
    }

    @Test
    void shouldListTheBusiestKeysAndSayHowManyMoreTheJsonHas() throws Exception {
        List<KeyedComparison.KeyRow> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(key("k" + i, 100 - i, 20_000, 25_000, 21_000));
        }
        KeyedComparison keyed = new KeyedComparison("zip", "mlp", new KeyedComparison.Summary(2_200, 0, 2_200, "linear-rls",
                20_000.0, 21_000.0, 25_000.0, -0.16), keys);
        Report report = report().withKeyed(keyed);

        String table = report.toTable();
        assertTrue(table.contains("\nk19 "), table);
        assertFalse(table.contains("\nk20 "), table);
        assertTrue(table.contains("… 5 more keys, 390 records, in report.json\n"), table);
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(25, json.get("keyed").get("keys").size(), "the JSON has every key");
        assertEquals(-0.16, json.get("keyed").get("all").get("servedVsGlobal").asDouble());
        assertEquals("k24", json.get("keyed").get("keys").get(24).get("key").asText());
    }

    @Test
    void shouldSayWhenTheGlobalLearnersDidNotPredictTheKeysRecords() {
        KeyedComparison keysAlone = new KeyedComparison("zip", "mlp", new KeyedComparison.Summary(110, 10, 10, "linear-rls",
                20_000.0, 21_000.0, null, null), List.of(new KeyedComparison.KeyRow("a", 100, "linear-rls", 20_000.0,
                null, 21_000.0)));
        String table = report().withKeyed(keysAlone).toTable();
        assertTrue(table.contains("21,000  (keys alone: the global learners predicted only the 10 records without a key)\n"),
                table);
        assertTrue(table.contains("a                 100  linear-rls      20,000            -       21,000\n"), table);
    }

    @Test
    void shouldLeaveTheKeyedSectionOutOfAReportWithoutKeys() throws Exception {
        assertFalse(new ObjectMapper().readTree(report().toJson()).has("keyed"), "evaluate's JSON stays as it was");
        assertFalse(report().toTable().contains("keyed by"));
    }
}
