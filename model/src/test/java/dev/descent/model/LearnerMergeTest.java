package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of a learner, each trained on its own half of a stream after a common base,
 * merged into the global copy: every component against the documented rule
 * (docs/partitions.md, "Merge rule"), computed here independently from the three learners' states.
 */
class LearnerMergeTest {
    private static final int FEATURES = 4;
    private static final double[] WEIGHTS = {3, -2, 0.5, 1};

    /** Rows of {@code y = w·x + 7 + noise} (R² about 0.8, like house prices), x with offsets and spreads that make scaling matter. */
    private static double[][] rows(long seed, int n) {
        Random random = new Random(seed);
        double[][] rows = new double[n][FEATURES + 1];
        for (int i = 0; i < n; i++) {
            double y = 7;
            for (int j = 0; j < FEATURES; j++) {
                rows[i][j] = 10 * j + (j + 1) * random.nextGaussian();
                y += WEIGHTS[j] * rows[i][j];
            }
            rows[i][FEATURES] = y + 3 * random.nextGaussian();
        }
        return rows;
    }

    private static void learn(Learner learner, double[][] rows) {
        for (double[] r : rows) {
            learner.learn(java.util.Arrays.copyOf(r, FEATURES), r[FEATURES]);
        }
    }

    /** base (200 rows), replicas a and b (200 rows each of their own), and the global merge of both. */
    private record Merged(Learner base, Learner a, Learner b, Learner global) {
    }

    private static Merged merged(LearnerConfig config) {
        Learner base = new Learner(config, FEATURES);
        learn(base, rows(1, 200));
        Learner a = base.copy();
        Learner b = base.copy();
        learn(a, rows(2, 200));
        learn(b, rows(3, 300));
        Learner global = base.copy();
        global.merge(LearnerDelta.between(base, a));
        global.merge(LearnerDelta.between(base, b));
        return new Merged(base, a, b, global);
    }

    private static double[] optimizerState(Learner learner) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        learner.optimizer().writeState(new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        double[] state = new double[bytes.size() / 8];
        for (int i = 0; i < state.length; i++) {
            state[i] = in.readDouble();
        }
        return state;
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void sgdParametersAddTheReplicasDifferences() {
        Merged m = merged(LearnerConfig.builder("sgd").learningRate(0.01).build());
        double[] theta = m.base.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] += (m.a.parameters()[i] - m.base.parameters()[i]) + (m.b.parameters()[i] - m.base.parameters()[i]);
        }
        assertClose(theta, m.global.parameters(), 1e-12, "θ");
        assertEquals(700, m.global.records());
        assertEquals(m.a.steps() + m.b.steps() - m.base.steps(), m.global.steps());
    }

    @Test
    void adamMomentsDecayByTheIncomingStepsAndAddTheReplicasOwnTerms() throws IOException {
        Adam adam = new Adam();
        Merged m = merged(LearnerConfig.builder("adam").optimizer(adam).learningRate(0.01).build());
        int p = FEATURES + 1;
        double[] sb = optimizerState(m.base);
        double[] sa = optimizerState(m.a);
        double[] sbb = optimizerState(m.b);
        long ka = m.a.steps() - m.base.steps();
        long kb = m.b.steps() - m.base.steps();
        double[] expected = new double[2 * p + 2];
        double[] decays = {adam.beta1(), adam.beta2()};
        for (int k = 0; k < 2; k++) {
            double d = decays[k];
            for (int i = 0; i < p; i++) {
                int at = k * p + i;
                // a merged first: m_a; then b's steps come after a's: β^kb m_a + (m_b - β^kb m_base)
                expected[at] = Math.pow(d, kb) * sa[at] + (sbb[at] - Math.pow(d, kb) * sb[at]);
            }
        }
        // the bias-correction powers: β^t for the merged step count
        expected[2 * p] = Math.pow(adam.beta1(), m.global.steps());
        expected[2 * p + 1] = Math.pow(adam.beta2(), m.global.steps());
        assertClose(expected, optimizerState(m.global), 1e-12, "Adam m, v, β^t");
        for (int i = 0; i < p; i++) {
            assertTrue(optimizerState(m.global)[p + i] > 0, "second moments stay positive");
        }
    }

    @Test
    void adaGradSumsOfSquaresAdd() throws IOException {
        Merged m = merged(LearnerConfig.builder("adagrad").optimizer(new AdaGrad()).learningRate(0.1).build());
        double[] sb = optimizerState(m.base);
        double[] sa = optimizerState(m.a);
        double[] sbb = optimizerState(m.b);
        double[] expected = new double[sb.length];
        for (int i = 0; i < sb.length; i++) {
            expected[i] = sa[i] + sbb[i] - sb[i];
        }
        assertClose(expected, optimizerState(m.global), 1e-12, "AdaGrad G");
    }

    @Test
    void mergedScalerStatisticsEqualThoseOfTheUnion() {
        Merged m = merged(LearnerConfig.builder("sgd").learningRate(0.01).build());
        Standardizer union = new Standardizer(FEATURES);
        Standardizer targets = new Standardizer(1);
        for (double[][] part : new double[][][] {rows(1, 200), rows(2, 200), rows(3, 300)}) {
            for (double[] r : part) {
                union.update(java.util.Arrays.copyOf(r, FEATURES));
                targets.update(new double[] {r[FEATURES]});
            }
        }
        Standardizer merged = m.global.featureScaler();
        for (int j = 0; j < FEATURES; j++) {
            assertEquals(700, merged.count(j));
            assertEquals(union.mean(j), merged.mean(j), 1e-12 * Math.abs(union.mean(j)), "mean " + j);
            assertEquals(union.standardDeviation(j), merged.standardDeviation(j), 1e-12 * union.standardDeviation(j),
                    "σ " + j);
        }
        assertEquals(targets.mean(0), m.global.targetScaler().mean(0), 1e-12 * Math.abs(targets.mean(0)));
        assertEquals(targets.standardDeviation(0), m.global.targetScaler().standardDeviation(0),
                1e-12 * targets.standardDeviation(0));
    }

    @Test
    void scalerStatisticsMergeWithMissingValuesPerFeature() {
        Standardizer base = new Standardizer(2);
        base.update(new double[] {1, 2});
        base.update(new double[] {3, Double.NaN});
        Standardizer replica = new Standardizer(2);
        replica.update(new double[] {1, 2});
        replica.update(new double[] {3, Double.NaN});
        replica.update(new double[] {Double.NaN, 10});
        replica.update(new double[] {5, 6});
        Standardizer global = new Standardizer(2);
        global.update(new double[] {1, 2});
        global.update(new double[] {3, Double.NaN});
        global.merge(replica.since(base));
        // feature 0 saw 1, 3, 5; feature 1 saw 2, 10, 6
        assertEquals(3, global.count(0));
        assertEquals(3, global.count(1));
        assertEquals(3, global.mean(0), 1e-15);
        assertEquals(6, global.mean(1), 1e-15);
        assertEquals(Math.sqrt(8.0 / 3), global.standardDeviation(0), 1e-15);
        assertEquals(Math.sqrt(32.0 / 3), global.standardDeviation(1), 1e-14);
    }

    @Test
    void rlsInformationAddsUpAndGivesTheLeastSquaresOfEveryRecord() throws IOException {
        LearnerConfig config = LearnerConfig.builder("rls").optimizer(new RecursiveLeastSquares()).learningRate(1)
                .scaleFeatures(false).scaleTarget(false).build();
        Merged m = merged(config);
        int p = FEATURES + 1;
        DMatrixRMaj ab = information(m.base);
        DMatrixRMaj aa = information(m.a);
        DMatrixRMaj abb = information(m.b);
        DMatrixRMaj expectedA = new DMatrixRMaj(p, p);
        for (int i = 0; i < p * p; i++) {
            expectedA.data[i] = aa.data[i] + abb.data[i] - ab.data[i];
        }
        DMatrixRMaj merged = information(m.global);
        for (int i = 0; i < p * p; i++) {
            assertEquals(expectedA.data[i], merged.data[i], 1e-9 * Math.max(1, Math.abs(expectedA.data[i])), "A[" + i + "]");
        }
        // θ = A⁻¹ (b_a + b_b - b_base), b = Aθ
        double[] b = new double[p];
        double[][] thetas = {m.a.parameters(), m.b.parameters(), m.base.parameters()};
        DMatrixRMaj[] infos = {aa, abb, ab};
        double[] signs = {1, 1, -1};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    b[i] += signs[k] * infos[k].get(i, j) * thetas[k][j];
                }
            }
        }
        DMatrixRMaj solved = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.solve(expectedA, new DMatrixRMaj(p, 1, true, b), solved);
        assertClose(solved.data, m.global.parameters(), 1e-9, "θ by the rule");
        // and that is recursive least squares over all 700 records in one order
        Learner sequential = new Learner(config, FEATURES);
        learn(sequential, rows(1, 200));
        learn(sequential, rows(2, 200));
        learn(sequential, rows(3, 300));
        assertClose(sequential.parameters(), m.global.parameters(), 1e-7, "θ against one sequential RLS");
    }

    private static DMatrixRMaj information(Learner learner) throws IOException {
        double[] state = optimizerState(learner);
        int p = (int) Math.round(Math.sqrt(state.length));
        DMatrixRMaj inverse = new DMatrixRMaj(p, p);
        CommonOps_DDRM.invert(new DMatrixRMaj(p, p, true, state), inverse);
        return inverse;
    }

    @Test
    void rlsWithForgettingIsRefusedOnPartitionsAndTheRestAreNot() {
        LearnerConfig forgetting = LearnerConfig.builder("rls-0.99").optimizer(new RecursiveLeastSquares(0.99, 100))
                .learningRate(1).build();
        assertEquals(1, forgetting.mergeProblems().size());
        assertTrue(forgetting.mergeProblems().get(0).contains("forgetting 0.99"), forgetting.mergeProblems().get(0));
        for (OptimizerSpec optimizer : Components.OPTIMIZERS) {
            LearnerConfig config = LearnerConfig.builder(optimizer.kind()).optimizer(optimizer).build();
            assertEquals(java.util.List.of(), config.mergeProblems(), optimizer.kind());
        }
    }

    /** {@code θ0 + Δa + w·Δb}: a's change whole, b's scaled by {@code w}. */
    private static double[] mergedWhole(double[] start, double[] thetaA, double[] thetaB, double w) {
        double[] merged = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            merged[i] = start[i] + (thetaA[i] - start[i]) + w * (thetaB[i] - start[i]);
        }
        return merged;
    }

    @Test
    void aStaleDeltaIsScaledByItsStiffnessAndStalenessAndAFreshOneIsNot() {
        LearnerConfig config = LearnerConfig.builder("sgd").learningRate(0.01).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica a = Replica.of(0, global);
        Replica b = Replica.of(1, global);
        learn(a.learner(), rows(2, 200));
        learn(b.learner(), rows(3, 300));
        double[] start = global.learner().parameters();
        double[] thetaA = a.learner().parameters();
        double[] thetaB = b.learner().parameters();
        double stiffnessB = b.learner().stiffness();
        assertEquals(0.01 * 2 / b.learner().stabilityBound(), stiffnessB, 1e-15, "η·λmax, λmax = 2/bound");
        global.merge(0, 1, a.sync().delta());            // fresh: nothing merged since its base
        global.merge(1, 1, b.sync().delta());            // 200 records of a's merged since b's base
        double w = Math.min(1, 1 / (stiffnessB * 200));
        assertTrue(w < 1, "at rate 0.01 the stale delta is damped: w = " + w);
        double[] expected = mergedWhole(start, thetaA, thetaB, w);
        assertClose(expected, global.learner().parameters(), 1e-12, "θ = θ0 + Δa + w Δb");
        assertEquals(500, global.learner().records(), "records always count whole");
    }

    @Test
    void withoutACurvatureBoundAStaleDeltaCountsByItsShareOfTheRecords() {
        LearnerConfig config = LearnerConfig.builder("mlp").model(MultilayerPerceptron.ofHidden(3))
                .optimizer(new Sgd()).learningRate(0.01).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica a = Replica.of(0, global);
        Replica b = Replica.of(1, global);
        learn(a.learner(), rows(2, 100));
        learn(b.learner(), rows(3, 300));
        double[] start = global.learner().parameters();
        double[] thetaA = a.learner().parameters();
        double[] thetaB = b.learner().parameters();
        assertTrue(Double.isNaN(b.learner().stiffness()));
        global.merge(0, 1, a.sync().delta());
        global.merge(1, 1, b.sync().delta());
        double w = 300.0 / (300 + 100);                  // asynchronous model averaging
        double[] expected = mergedWhole(start, thetaA, thetaB, w);
        assertClose(expected, global.learner().parameters(), 1e-12, "θ = θ0 + Δa + n/(n+s) Δb");
    }

    @Test
    void aDeltaMergedTwiceCountsOnce() {
        LearnerConfig config = LearnerConfig.builder("sgd").learningRate(0.01).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica replica = Replica.of(3, global);
        learn(replica.learner(), rows(2, 100));
        Replica.Sync sync = replica.sync();
        LearnerDelta delta = LearnerDelta.decode(sync.delta().encode());
        assertEquals(GlobalLearner.Outcome.MERGED, global.merge(3, sync.sequence(), delta));
        double[] once = global.learner().parameters();
        assertEquals(GlobalLearner.Outcome.DUPLICATE, global.merge(3, sync.sequence(), delta));
        assertEquals(1, global.version());
        assertEquals(100, global.learner().records());
        assertArrayEquals(once, global.learner().parameters());
        assertEquals(1, global.lastMerged(3));
    }

    @Test
    void aStaleDeltaIsMergedOnTheNewestVersionAndAReplicaKeepsWhatTheGlobalHasNotMergedYet() {
        LearnerConfig config = LearnerConfig.builder("sgd").learningRate(0.01).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica a = Replica.of(0, global);
        Replica b = Replica.of(1, global);
        learn(a.learner(), rows(2, 100));
        learn(b.learner(), rows(3, 100));
        Replica.Sync fromA = a.sync();
        Replica.Sync fromB = b.sync();
        global.merge(0, fromA.sequence(), fromA.delta());
        learn(b.learner(), rows(4, 50));
        assertTrue(b.rebase(global), "version 1 lacks b's delta: b adds it back");
        assertEquals(250, b.learner().records(), "a's 100 merged, b's 100 in flight and 50 not sent");
        assertEquals(1, b.inFlight());
        assertEquals(50, b.unsynced());
        assertEquals(0, fromB.baseVersion());
        global.merge(1, fromB.sequence(), fromB.delta());      // based on version 0, merged onto version 1
        assertEquals(2, global.version());
        assertEquals(200, global.learner().records());
        assertEquals(150, b.staleness(), "what b learned that its base version had not");
        assertTrue(b.rebase(global));
        assertEquals(0, b.inFlight(), "version 2 merged b's delta");
        assertEquals(250, b.learner().records(), "the global 200 and b's 50 not yet sent");
        assertEquals(50, b.staleness());
        assertFalse(b.rebase(global), "nothing newer");
        Replica.Sync next = b.sync();
        assertEquals(2, next.sequence());
        assertEquals(2, next.baseVersion());
        global.merge(1, next.sequence(), next.delta());
        assertEquals(250, global.learner().records(), "every labeled record counted once");
        Replica again = Replica.decode(b.encode());
        assertEquals(1, again.inFlight());
        assertArrayEquals(b.encode(), again.encode());
    }

    @Test
    void replicasSyncingEveryHundredRecordsCountEachOnceAndPredictAsWellAsOneLearner() {
        LearnerConfig config = LearnerConfig.builder("sgd").learningRate(0.001).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica[] replicas = {Replica.of(0, global), Replica.of(1, global)};
        Learner sequential = new Learner(config, FEATURES);
        double[][] stream = rows(9, 20_000);
        double replicated = 0;
        double alone = 0;
        for (int i = 0; i < stream.length; i++) {
            double[] x = java.util.Arrays.copyOf(stream[i], FEATURES);
            double y = stream[i][FEATURES];
            Replica r = replicas[i % 2];
            double e = r.learner().learn(x.clone(), y) - y;
            double s = sequential.learn(x, y) - y;
            if (i > 0) {            // the first prediction of each is the same zero
                replicated += e * e;
                alone += s * s;
            }
            if (r.unsynced() == 100) {
                Replica.Sync sync = r.sync();
                global.merge(r.id(), sync.sequence(), LearnerDelta.decode(sync.delta().encode()));
                r.rebase(global);
            }
        }
        for (Replica r : replicas) {
            Replica.Sync sync = r.sync();
            global.merge(r.id(), sync.sequence(), sync.delta());
        }
        assertEquals(20_000, global.learner().records());
        double ratio = Math.sqrt(replicated / alone);
        assertTrue(ratio < 1.03, "prequential RMSE of two replicas over one learner's: " + ratio);
    }

    @Test
    void aReplicaThatDivergedStopsTheGlobalLearnerWithItsParameters() {
        LearnerConfig config = LearnerConfig.builder("unstable").learningRate(5).scaleFeatures(false).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica replica = Replica.of(0, global);
        learn(replica.learner(), rows(2, 200));
        assertEquals(Learner.Status.DIVERGED, replica.learner().status());
        double[] before = global.learner().parameters();
        Replica.Sync sync = replica.sync();
        assertTrue(sync.delta().diverged());
        global.merge(0, sync.sequence(), sync.delta());
        assertEquals(Learner.Status.DIVERGED, global.learner().status());
        assertEquals(replica.learner().divergence(), global.learner().divergence());
        assertArrayEquals(before, global.learner().parameters(), "the global learner keeps its last good state");
        assertEquals(200, global.learner().records());
    }

    @Test
    void encodedFormsReadBackBitForBit() {
        LearnerConfig config = LearnerConfig.builder("mlp").model(MultilayerPerceptron.ofHidden(3))
                .optimizer(new Adam()).learningRate(0.01).build();
        GlobalLearner global = GlobalLearner.initial(config, FEATURES);
        Replica replica = Replica.of(2, global);
        learn(replica.learner(), rows(2, 50));
        Replica.Sync sync = replica.sync();
        global.merge(2, sync.sequence(), sync.delta());
        GlobalLearner read = GlobalLearner.decode(global.encode());
        assertEquals(1, read.version());
        assertEquals(1, GlobalLearner.versionOf(global.encode()));
        assertEquals(1, read.lastMerged(2));
        assertArrayEquals(LearnerCodec.encode(global.learner()), LearnerCodec.encode(read.learner()));
        Replica again = Replica.decode(replica.encode());
        assertEquals(2, again.id());
        assertEquals(1, again.sent());
        assertArrayEquals(replica.encode(), again.encode());
        assertArrayEquals(sync.delta().encode(), LearnerDelta.decode(sync.delta().encode()).encode());
        assertThrows(IllegalArgumentException.class, () -> LearnerDelta.decode(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> GlobalLearner.decode(new byte[20]));
    }
}
