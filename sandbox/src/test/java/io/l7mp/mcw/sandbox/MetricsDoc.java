package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code docs/metrics.md} documents, read from its tables by their first header cell: {@code metric} (a metric
 * family: name, type, labels), {@code label} (the labels the services set, and the values each takes) and
 * {@code recorded series} (the recording rules). The first cell of a row holds the name(s) in backticks.
 */
final class MetricsDoc {
    static final String PATH = "docs/metrics.md";
    /** The series of a histogram family besides the family name itself. */
    static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_count", "_sum", "_max");

    /** One documented metric family. */
    record Metric(String name, String type, List<String> labels, int line) {
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final Map<String, Metric> metrics;
    private final Map<String, Integer> labels;
    private final Map<String, List<String>> labelValues;
    private final Map<String, Integer> recorded;

    private MetricsDoc(Map<String, Metric> metrics, Map<String, Integer> labels,
            Map<String, List<String>> labelValues, Map<String, Integer> recorded) {
        this.metrics = Collections.unmodifiableMap(metrics);
        this.labels = Collections.unmodifiableMap(labels);
        this.labelValues = Collections.unmodifiableMap(labelValues);
        this.recorded = Collections.unmodifiableMap(recorded);
    }

    static MetricsDoc read(Path root) {
        Path file = root.resolve(PATH);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static MetricsDoc parse(String markdown) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        Map<String, List<String>> labelValues = new LinkedHashMap<>();
        Map<String, Integer> recorded = new LinkedHashMap<>();
        String[] lines = markdown.split("\n", -1);
        String table = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("|")) {
                table = null;
                continue;
            }
            List<String> cells = cells(line);
            if (table == null) {
                boolean header = i + 1 < lines.length && lines[i + 1].strip().matches("\\|[\\s|:-]+\\|?");
                table = header ? cells.get(0) : "";
                i += header ? 1 : 0;
                continue;
            }
            List<String> names = codes(cells.get(0));
            int number = i + 1;
            switch (table) {
                case "metric" -> names.forEach(name -> metrics.put(name, new Metric(name,
                        cells.size() > 1 ? cells.get(1) : "", cells.size() > 2 ? codes(cells.get(2)) : List.of(),
                        number)));
                case "label" -> names.forEach(name -> {
                    labels.put(name, number);
                    labelValues.put(name, cells.size() > 1 ? codes(cells.get(1)) : List.of());
                });
                case "recorded series" -> names.forEach(name -> recorded.put(name, number));
                default -> {
                }
            }
        }
        return new MetricsDoc(metrics, labels, labelValues, recorded);
    }

    /** Metric families by name, in the order of the page. */
    Map<String, Metric> metrics() {
        return metrics;
    }

    /** Label names of the labels table, with their line. */
    Map<String, Integer> labels() {
        return labels;
    }

    /**
     * The text in backticks of each label's values cell: the values where the page lists them (and the metric names
     * it says they belong to).
     */
    Map<String, List<String>> labelValues() {
        return labelValues;
    }

    /** Recorded series of the recording-rules table, with their line. */
    Map<String, Integer> recorded() {
        return recorded;
    }

    /** The documented family a series belongs to: itself, or a histogram's {@code _bucket}, {@code _count}, ... */
    Optional<Metric> familyOf(String series) {
        Metric metric = metrics.get(series);
        if (metric != null) {
            return Optional.of(metric);
        }
        for (String suffix : HISTOGRAM_SERIES) {
            if (series.endsWith(suffix)) {
                Metric family = metrics.get(series.substring(0, series.length() - suffix.length()));
                if (family != null && family.type().equals("histogram")) {
                    return Optional.of(family);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static List<String> codes(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
