package dev.descent.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class LossChartTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    @Test
    void shouldDrawOnePolylinePerLearnerWithADistinctColourAndALegendInMapOrder() throws Exception {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        curves.put("lr0.1", points(5, 3.0));
        curves.put("lr0.01", points(3, 20.0));
        curves.put("lr0.001", points(4, 0.5));

        Document svg = parse(LossChart.svg("learning rates", curves));

        List<Element> lines = elements(svg, "polyline");
        assertEquals(List.of(5, 3, 4), lines.stream().map(line -> coordinates(line).size()).toList());
        assertEquals(List.of("lr0.1", "lr0.01", "lr0.001"), lines.stream().map(LossChartTest::titleOf).toList());
        assertEquals(3, lines.stream().map(line -> line.getAttribute("stroke")).distinct().count());
        assertEquals(List.of("lr0.1", "lr0.01", "lr0.001"), texts(svg, "legend"));
    }

    @Test
    void shouldKeepEveryPointInsideThePlottingArea() throws Exception {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        curves.put("falling", List.of(new double[] {1, 250}, new double[] {5_000, 3}, new double[] {20_640, 0.003}));
        curves.put("flat", List.of(new double[] {1, 7}, new double[] {20_640, 7}));

        Document svg = parse(LossChart.svg("t", curves));

        Element plot = plotArea(svg);
        double left = number(plot, "x");
        double top = number(plot, "y");
        double right = left + number(plot, "width");
        double bottom = top + number(plot, "height");
        for (Element line : elements(svg, "polyline")) {
            for (double[] p : coordinates(line)) {
                assertTrue(p[0] >= left && p[0] <= right && p[1] >= top && p[1] <= bottom,
                        () -> "(" + p[0] + ", " + p[1] + ") outside the plot in " + titleOf(line));
            }
        }
        List<double[]> falling = coordinates(elements(svg, "polyline").get(0));
        assertEquals(left, falling.get(0)[0], 0.01);        // first record at the left edge
        assertEquals(right, falling.get(2)[0], 0.01);       // last record at the right edge
    }

    @Test
    void shouldPlaceAValueTenTimesLargerOneDecadeHigher() throws Exception {
        Map<String, List<double[]>> curves = Map.of("a",
                List.of(new double[] {1, 1}, new double[] {2, 10}, new double[] {3, 100}));

        Document svg = parse(LossChart.svg("t", curves));

        List<double[]> points = coordinates(elements(svg, "polyline").get(0));
        Map<String, Double> ticks = new LinkedHashMap<>();
        for (Element tick : elements(svg, "text")) {
            if (tick.getAttribute("class").equals("y-tick")) {
                ticks.put(tick.getTextContent(), number(tick, "y"));
            }
        }
        assertEquals(List.of("1", "10", "100"), List.copyOf(ticks.keySet()));
        double decade = ticks.get("1") - ticks.get("10");
        assertEquals(number(plotArea(svg), "height") / 2, decade, 0.01);   // the two decades 1..100 fill the plot
        assertEquals(decade, points.get(0)[1] - points.get(1)[1], 0.01);
        assertEquals(decade, points.get(1)[1] - points.get(2)[1], 0.01);
        assertEquals(ticks.get("10"), points.get(1)[1], 0.01);
    }

    @Test
    void shouldSkipNonFiniteAndNonPositiveValues() throws Exception {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        curves.put("a", List.of(new double[] {1, 4}, new double[] {2, Double.NaN}, new double[] {3, 0},
                new double[] {4, -1}, new double[] {5, Double.POSITIVE_INFINITY}, new double[] {6, 2}));
        curves.put("diverged", List.of(new double[] {1, Double.NaN}));

        Document svg = parse(LossChart.svg("t", curves));

        List<Element> lines = elements(svg, "polyline");
        assertEquals(1, lines.size());
        assertEquals(2, coordinates(lines.get(0)).size());
        assertEquals(List.of("a", "diverged (no data)"), texts(svg, "legend"));
    }

    @Test
    void shouldEscapeTitlesAndIds() throws Exception {
        String odd = "lr<0.1>&\"b'";

        Document svg = parse(LossChart.svg("a <b> & c", Map.of(odd, points(2, 1.0))));

        assertEquals(odd, titleOf(elements(svg, "polyline").get(0)));
        assertEquals(List.of(odd), texts(svg, "legend"));
        assertEquals("a <b> & c", titleOf(svg.getDocumentElement()));
    }

    @Test
    void shouldSayNoDataForNoLearners() throws Exception {
        Document svg = parse(LossChart.svg("nothing yet", Map.of()));

        assertTrue(elements(svg, "polyline").isEmpty());
        assertTrue(elements(svg, "text").stream().anyMatch(t -> t.getTextContent().equals("no data")));
        assertEquals("900", svg.getDocumentElement().getAttribute("width"));
        assertEquals("500", svg.getDocumentElement().getAttribute("height"));
    }

    /** {@code n} points {t, value / t}: a falling curve. */
    private static List<double[]> points(int n, double value) {
        List<double[]> points = new ArrayList<>();
        for (int t = 1; t <= n; t++) {
            points.add(new double[] {t, value / t});
        }
        return points;
    }

    /** Parses as namespaced XML and checks the picture is self-contained: no scripts, no links. */
    private static Document parse(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
        Element root = document.getDocumentElement();
        assertEquals(SVG, root.getNamespaceURI());
        assertEquals("svg", root.getLocalName());
        NodeList all = document.getElementsByTagNameNS("*", "*");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            names.add(e.getLocalName());
            NamedNodeMap attributes = e.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                String attribute = attributes.item(a).getLocalName();
                assertTrue(!attribute.equals("href") && !attribute.startsWith("on"), attribute);
            }
        }
        assertTrue(!names.contains("script") && !names.contains("image") && !names.contains("style"), names::toString);
        return document;
    }

    private static List<Element> elements(Document svg, String name) {
        NodeList nodes = svg.getElementsByTagNameNS(SVG, name);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static Element plotArea(Document svg) {
        return elements(svg, "rect").stream().filter(r -> r.getAttribute("class").equals("plot")).findFirst()
                .orElseThrow();
    }

    private static List<String> texts(Document svg, String cssClass) {
        return elements(svg, "text").stream().filter(t -> t.getAttribute("class").equals(cssClass))
                .map(Element::getTextContent).toList();
    }

    private static String titleOf(Element element) {
        return ((Element) element.getElementsByTagNameNS(SVG, "title").item(0)).getTextContent();
    }

    private static List<double[]> coordinates(Element polyline) {
        List<double[]> points = new ArrayList<>();
        for (String pair : polyline.getAttribute("points").trim().split("\\s+")) {
            String[] xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }

    private static double number(Element element, String attribute) {
        return Double.parseDouble(element.getAttribute(attribute));
    }
}
