package dev.descent.evaluate;

import dev.descent.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report as files: {@code report.json} for programs and {@code loss.svg}, the smoothed-RMSE curves, for people. */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String CHART = "loss.svg";

    private ReportFiles() {
    }

    /** Writes both files into {@code dir}, creating it; a failure is the user's to fix (a read-only path, say). */
    public static void write(Path dir, Report report) {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        report.learners().forEach(l -> curves.put(l.id(), l.curve()));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON), report.toJson() + "\n");
            Files.writeString(dir.resolve(CHART), LossChart.svg(report.source(), curves));
        } catch (IOException e) {
            throw new UserException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }
}
