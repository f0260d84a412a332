package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
