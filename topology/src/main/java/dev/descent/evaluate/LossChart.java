package dev.descent.evaluate;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the smoothed loss curves of several learners ({@link LearnerTrace#curve}) in one SVG
 * file, so learning rates can be compared at a glance in any browser: no scripts, no fonts or
 * styles fetched from elsewhere.
 *
 * <p>The loss axis is logarithmic with a line at each power of ten: curves a thousand times
 * apart still fit, and equal ratios look equal: a learner with half the error of another sits the
 * same distance below it early, when errors are large, and late, when they are small. Records run linearly along the bottom. Each
 * learner gets a colour from a fixed palette, after ten colours with a dash pattern added, and a
 * legend line in map order. The plotting area is the {@code rect} of class {@code plot}; the
 * picture is 900×500 and grows only for a legend that does not fit.
 */
public final class LossChart {
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int PLOT_WIDTH = 580;
    private static final int PLOT_HEIGHT = 380;
    private static final int LEGEND_X = LEFT + PLOT_WIDTH + 30;
    private static final int LEGEND_LINE = 18;
    /** A generous width of one legend character at font size 12, to size the picture for long ids. */
    private static final int CHARACTER_WIDTH = 7;
    private static final int MAX_DECADE_TICKS = 8;
    private static final int X_TICKS = 5;
    /** Tableau 10: distinguishable, also for the common colour-vision deficiencies. */
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final String[] DASHES = {"", "8 4", "2 3", "8 3 2 3"};

    private LossChart() {
    }

    /** {@code curves}: learner id to points {record, smoothed RMSE}; legend in map order. */
    public static String svg(String title, Map<String, List<double[]>> curves) {
        Map<String, List<double[]>> drawable = new LinkedHashMap<>();
        curves.forEach((id, points) -> drawable.put(id, points.stream()
                .filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1]) && p[1] > 0).toList()));
        int longestLabel = drawable.entrySet().stream().mapToInt(c -> legendLabel(c.getKey(), c.getValue()).length())
                .max().orElse(0);
        int width = Math.max(WIDTH, LEGEND_X + 30 + CHARACTER_WIDTH * longestLabel + 10);
        int height = Math.max(HEIGHT, TOP + 10 + LEGEND_LINE * curves.size() + 10);

        StringBuilder svg = new StringBuilder(16_384);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", SVG_NAMESPACE, width, height, width, height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">%s</text>%n",
                LEFT + PLOT_WIDTH / 2, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                + " fill=\"none\" stroke=\"#999\"/>%n", LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        Scale scale = Scale.of(drawable.values());
        if (scale == null) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                    + "no data</text>%n", LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT / 2));
        } else {
            axes(svg, scale);
        }
        int n = 0;
        for (Map.Entry<String, List<double[]>> curve : drawable.entrySet()) {
            String stroke = String.format(Locale.ROOT, "stroke=\"%s\" stroke-width=\"1.5\"%s", COLOURS[n % COLOURS.length],
                    dash(n));
            if (!curve.getValue().isEmpty()) {     // so the scale exists
                svg.append("<polyline class=\"curve\" fill=\"none\" ").append(stroke).append(" points=\"");
                for (double[] p : curve.getValue()) {
                    svg.append(number(scale.x(p[0]))).append(',').append(number(scale.y(p[1]))).append(' ');
                }
                svg.setLength(svg.length() - 1);
                svg.append("\"><title>").append(escape(curve.getKey())).append("</title></polyline>\n");
            }
            int y = TOP + 10 + LEGEND_LINE * n;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" %s/>%n",
                    LEGEND_X, y, LEGEND_X + 24, y, stroke));
            svg.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\" dominant-baseline=\"middle\">"
                    + "%s</text>%n", LEGEND_X + 30, y, escape(legendLabel(curve.getKey(), curve.getValue()))));
            n++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String legendLabel(String id, List<double[]> drawablePoints) {
        return drawablePoints.isEmpty() ? id + " (no data)" : id;
    }

    private static void axes(StringBuilder svg, Scale scale) {
        int decades = scale.highDecade - scale.lowDecade;
        int step = (decades + MAX_DECADE_TICKS - 1) / MAX_DECADE_TICKS;
        for (int k = scale.lowDecade; k <= scale.highDecade; k += step) {
            String y = number(scale.yOfDecade(k));
            svg.append(String.format(Locale.ROOT, "<line class=\"y-grid\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\""
                    + " stroke=\"#e5e5e5\"/>%n", LEFT, y, LEFT + PLOT_WIDTH, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"y-tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\""
                    + " dominant-baseline=\"middle\">%s</text>%n", LEFT - 6, y, decadeLabel(k)));
        }
        long xStep = xTickStep(scale.lastRecord - scale.firstRecord);
        for (long t = (long) Math.ceil(scale.firstRecord / xStep) * xStep; t <= scale.lastRecord; t += xStep) {
            String x = number(scale.x(t));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#999\"/>%n",
                    x, TOP + PLOT_HEIGHT, x, TOP + PLOT_HEIGHT + 5));
            svg.append(String.format(Locale.ROOT, "<text class=\"x-tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">"
                    + "%,d</text>%n", x, TOP + PLOT_HEIGHT + 18, t));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">records</text>%n",
                LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT + 40));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(20,%d) rotate(-90)\" text-anchor=\"middle\">"
                + "smoothed RMSE (label units, log scale)</text>%n", TOP + PLOT_HEIGHT / 2));
    }

    /** A round step (1, 2 or 5 times a power of ten, at least one record) giving about {@value #X_TICKS} ticks. */
    private static long xTickStep(double span) {
        double raw = span / X_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (int multiple : new int[] {1, 2, 5}) {
            if (multiple * magnitude >= raw) {
                step = multiple * magnitude;
                break;
            }
        }
        return Math.max(1, Math.round(step));
    }

    /** 0.001 … 100000 written out, further decades as 1e-5, 1e6. */
    private static String decadeLabel(int k) {
        return k >= -4 && k <= 5 ? BigDecimal.ONE.scaleByPowerOfTen(k).toPlainString() : "1e" + k;
    }

    private static String dash(int n) {
        String pattern = DASHES[n / COLOURS.length % DASHES.length];
        return pattern.isEmpty() ? "" : " stroke-dasharray=\"" + pattern + "\"";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Text safe in XML content and attributes; control characters XML cannot hold become U+FFFD. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** Records to x linearly; loss to y by log10, between whole decades that hold every point. */
    private record Scale(double firstRecord, double lastRecord, int lowDecade, int highDecade) {
        static Scale of(Iterable<List<double[]>> curves) {
            double first = Double.POSITIVE_INFINITY;
            double last = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (List<double[]> curve : curves) {
                for (double[] p : curve) {
                    first = Math.min(first, p[0]);
                    last = Math.max(last, p[0]);
                    low = Math.min(low, p[1]);
                    high = Math.max(high, p[1]);
                }
            }
            if (first > last) {
                return null;
            }
            int lowDecade = (int) Math.floor(Math.log10(low));
            int highDecade = (int) Math.ceil(Math.log10(high));
            return new Scale(first, Math.max(last, first + 1), lowDecade, Math.max(highDecade, lowDecade + 1));
        }

        double x(double record) {
            return LEFT + (record - firstRecord) / (lastRecord - firstRecord) * PLOT_WIDTH;
        }

        double y(double loss) {
            return yOfDecade(Math.log10(loss));
        }

        /** Also for decades too small for a double (10^-324 is 0). */
        double yOfDecade(double decade) {
            return TOP + PLOT_HEIGHT - (decade - lowDecade) / (highDecade - lowDecade) * PLOT_HEIGHT;
        }
    }
}
