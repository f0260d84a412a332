package dev.descent.model;

import java.io.DataInput;
import java.io.IOException;

/**
 * Reads learner snapshots of version 1, which stores and changelogs written before the
 * component kinds hold: the configuration by enum ordinals in fixed slots, the state's scalars
 * interleaved. Only read, never written; the ordinals are those of the version-1 enums.
 */
final class LearnerCodecV1 {
    static final short VERSION = 1;
    private static final int MAX_LAYERS = 64;
    private static final Activation[] ACTIVATIONS = {
            Activation.SIGMOID, Activation.RELU, Activation.HARD_SIGMOID, Activation.IDENTITY};

    private LearnerCodecV1() {
    }

    static Learner read(DataInput in, int features) throws IOException {
        Learner learner = new Learner(readConfig(in), features);
        learner.readComponents(in);
        LearnerHealth health = learner.health();
        health.readBound(in);
        StateIo.readDoubles(in, learner.gradientSum());
        health.readGradientAndBest(in);
        int batchFill = in.readInt();
        long records = in.readLong();
        long steps = in.readLong();
        long skippedUpdates = in.readLong();
        long rejectedRecords = in.readLong();
        double lossSum = StateIo.readDouble(in);
        double smoothedLoss = StateIo.readDouble(in);
        double lossWeight = StateIo.readDouble(in);
        double bestSmoothedLoss = StateIo.readDouble(in);
        double gradientWeight = StateIo.readDouble(in);
        double lastLoss = StateIo.readDouble(in);
        double lastPrediction = StateIo.readDouble(in);
        double gradientSquaredNorm = StateIo.readDouble(in);
        double stepRatio = StateIo.readDouble(in);
        boolean diverged = in.readBoolean();
        Learner.Divergence divergence = pick(Learner.Divergence.values(), in.readByte());
        long divergedAtRecord = in.readLong();
        learner.restore(new Learner.Progress(batchFill, records, steps, rejectedRecords, lossSum, lastLoss,
                lastPrediction, gradientSquaredNorm, stepRatio));
        health.restore(new LearnerHealth.Figures(skippedUpdates, smoothedLoss, lossWeight, bestSmoothedLoss,
                gradientWeight, diverged, divergence, divergedAtRecord));
        return learner;
    }

    private static LearnerConfig readConfig(DataInput in) throws IOException {
        LearnerConfig.Builder b = LearnerConfig.builder(in.readUTF());
        int model = in.readByte();
        int layers = in.readInt();
        if (layers < 0 || layers > MAX_LAYERS) {
            throw new IOException(layers + " hidden layers");
        }
        int[] hidden = new int[layers];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = in.readInt();
            if (hidden[i] < 1 || hidden[i] > LearnerCodec.MAX_SIZE) {
                throw new IOException("hidden layer of " + hidden[i] + " units");
            }
        }
        Activation activation = pick(ACTIVATIONS, in.readByte());
        int loss = in.readByte();
        double huberDelta = StateIo.readDouble(in);
        int optimizer = in.readByte();
        int schedule = in.readByte();
        double rate = StateIo.readDouble(in);
        double power = StateIo.readDouble(in);
        long every = in.readLong();
        double factor = StateIo.readDouble(in);
        double momentum = StateIo.readDouble(in);
        double beta1 = StateIo.readDouble(in);
        double beta2 = StateIo.readDouble(in);
        double epsilon = StateIo.readDouble(in);
        double rho = StateIo.readDouble(in);
        double forgetting = StateIo.readDouble(in);
        double initialVariance = StateIo.readDouble(in);
        b.batchSize(in.readInt());
        b.scaleFeatures(in.readBoolean());
        b.scaleTarget(in.readBoolean());
        b.clipNorm(StateIo.readDouble(in));
        b.normalized(in.readBoolean());
        b.threshold(StateIo.readDouble(in));
        b.tolerance(StateIo.readDouble(in));
        long seed = in.readLong();
        b.model(pick(new ModelSpec[] {new LinearRegression(), new LogisticRegression(),
                new MultilayerPerceptron(hidden, activation, seed)}, model));
        b.loss(pick(new Loss[] {new SquaredLoss(), new AbsoluteLoss(), new HuberLoss(huberDelta), new LogLoss()}, loss));
        b.optimizer(pick(new OptimizerSpec[] {new Sgd(), new Momentum(momentum), new AdaGrad(epsilon),
                new RmsProp(rho, epsilon), new Adam(beta1, beta2, epsilon),
                new RecursiveLeastSquares(forgetting, initialVariance)}, optimizer));
        try {
            b.schedule(switch (schedule) {
                case 0 -> Schedule.constant(rate);
                case 1 -> Schedule.inverseScaling(rate, power);
                case 2 -> Schedule.step(rate, every, factor);
                default -> throw new IOException("schedule kind " + schedule);
            });
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return b.build();
    }

    private static <T> T pick(T[] values, int ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IOException("enum ordinal " + ordinal + " of " + values.length);
        }
        return values[ordinal];
    }
}
