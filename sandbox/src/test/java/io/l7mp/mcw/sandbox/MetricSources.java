package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics and labels that Java sources register with Micrometer, read from the source text (no class is loaded,
 * no service started), under the names Micrometer's Prometheus registry exposes them:
 * <ul>
 * <li>{@code Counter.builder("mcw.a.b")} and {@code Counter.builder("mcw_a_b_total")}: {@code mcw_a_b_total} (a
 * counter gets {@code _total} unless it has it; dots become underscores);</li>
 * <li>{@code Timer.builder("x")}: the histogram {@code x_seconds} (a timer gets {@code _seconds} unless it has it),
 * with the series {@code _bucket}, {@code _count}, {@code _sum} and the gauge {@code x_seconds_max};</li>
 * <li>{@code Gauge.builder("x")}, {@code DistributionSummary.builder("x")}: {@code x} as it is;</li>
 * <li>the same for the {@code MeterRegistry} shortcuts ({@code registry.gauge("x", ...)},
 * {@code registry.counter("x")}, ...);</li>
 * <li>any other string literal {@code "mcw_..."} (a name handed to a helper that builds the meter) as it is, unless
 * it is the name of a meter built elsewhere (a lookup such as {@code registry.find("mcw_x")}).</li>
 * </ul>
 * A builder chain that calls {@code baseUnit(...)} is reported as a problem (Micrometer appends the unit to the name,
 * which this reading does not follow), and so is a meter declared with an annotation ({@code @Timed},
 * {@code @Counted}). Names computed at run time (concatenation) are not seen; the services name every meter with a
 * literal. Comments are ignored.
 */
final class MetricSources {

    /** How Micrometer exposes a meter type. */
    enum Kind {
        COUNTER("counter"),
        GAUGE("gauge"),
        HISTOGRAM("histogram"),
        UNKNOWN("");

        final String documented;

        Kind(String documented) {
            this.documented = documented;
        }
    }

    /** A metric family as exposed, where the source registers it. */
    record Metric(String name, Kind kind, String rawName, String file, int line) {
        String where() {
            return file + ":" + line;
        }
    }

    /** A label key set on a meter, where. */
    record Label(String name, String file, int line) {
        String where() {
            return file + ":" + line;
        }
    }

    /** What the sources register, and what the reading could not follow. */
    record Scan(List<Metric> metrics, List<Label> labels, List<String> problems) {
    }

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|FunctionCounter|Gauge|TimeGauge|MultiGauge|Timer|FunctionTimer|LongTaskTimer|"
                    + "DistributionSummary)\\s*\\.\\s*builder\\s*\\(\\s*\"([^\"\\\\]*)\"");
    private static final Pattern SHORTCUT = Pattern.compile("\\.\\s*(counter|functionCounter|gauge|"
            + "gaugeCollectionSize|gaugeMapSize|timeGauge|timer|functionTimer|longTaskTimer|summary)\\s*\\(\\s*"
            + "\"([^\"\\\\]*)\"");
    private static final Pattern MCW_LITERAL = Pattern.compile("\"(mcw_[a-z0-9_]+)\"");
    private static final Pattern TAG = Pattern.compile("(?:\\.\\s*tag|\\bTag\\s*\\.\\s*of)\\s*\\(\\s*\"([^\"\\\\]*)\"");
    private static final Pattern TAG_LIST = Pattern.compile("(?:\\bTags\\s*\\.\\s*of|\\.\\s*tags)\\s*\\(");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.\\s*baseUnit\\s*\\(");
    private static final Pattern ANNOTATED = Pattern.compile("@(Timed|Counted|MeterTag)\\b");

    private MetricSources() {
    }

    /** Every {@code .java} file under {@code <module>/src/main/java} of the given modules of {@code root}. */
    static Scan scanModules(Path root, List<String> modules) {
        List<Path> files = new ArrayList<>();
        for (String module : modules) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + sources, e);
            }
        }
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new Source(root.relativize(file).toString().replace('\\', '/'), Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return scan(sources);
    }

    /** One source file: its path as reported, its text. */
    record Source(String file, String text) {
    }

    static Scan scan(List<Source> sources) {
        List<Metric> built = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Metric> literals = new ArrayList<>();
        for (Source source : sources) {
            String code = withoutComments(source.text());
            if (!code.contains("io.micrometer")) {
                continue;
            }
            Set<Integer> consumed = new HashSet<>();
            builders(source, code, built, consumed, problems);
            Matcher literal = MCW_LITERAL.matcher(code);
            while (literal.find()) {
                if (!consumed.contains(literal.start(1))) {
                    literals.add(new Metric(literal.group(1), Kind.UNKNOWN, literal.group(1), source.file(),
                            line(code, literal.start())));
                }
            }
            labels(source, code, labels, problems);
            Matcher annotation = ANNOTATED.matcher(code);
            if (annotation.find()) {
                problems.add(source.file() + ":" + line(code, annotation.start()) + ": " + annotation.group()
                        + " registers a meter this test does not read; build it with a literal name instead");
            }
        }
        Set<String> builtRawNames = new HashSet<>();
        built.forEach(m -> builtRawNames.add(m.rawName()));
        List<Metric> metrics = new ArrayList<>(built);
        literals.stream().filter(m -> !builtRawNames.contains(m.rawName())).forEach(metrics::add);
        return new Scan(metrics, labels, problems);
    }

    private static void builders(Source source, String code, List<Metric> out, Set<Integer> consumed,
            List<String> problems) {
        for (Pattern pattern : List.of(BUILDER, SHORTCUT)) {
            Matcher m = pattern.matcher(code);
            while (m.find()) {
                String type = m.group(1);
                String raw = m.group(2);
                consumed.add(m.start(2));
                int line = line(code, m.start());
                out.add(new Metric(exposedName(type, raw), kind(type), raw, source.file(), line));
                int end = code.indexOf(';', m.end());
                if (BASE_UNIT.matcher(code.substring(m.end(), end < 0 ? code.length() : end)).find()) {
                    problems.add(source.file() + ":" + line + ": meter \"" + raw + "\" sets baseUnit(...), which"
                            + " Micrometer appends to the exposed name; put the unit in the name instead");
                }
            }
        }
    }

    /** The family name Micrometer's Prometheus registry exposes for a meter of {@code type} named {@code raw}. */
    static String exposedName(String type, String raw) {
        String name = raw.replace('.', '_').replace('-', '_');
        return switch (kind(type)) {
            case COUNTER -> name.endsWith("_total") ? name : name + "_total";
            case HISTOGRAM -> isTimer(type) && !name.endsWith("_seconds") ? name + "_seconds" : name;
            default -> type.equalsIgnoreCase("TimeGauge") && !name.endsWith("_seconds") ? name + "_seconds" : name;
        };
    }

    static Kind kind(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "counter", "functioncounter" -> Kind.COUNTER;
            case "timer", "functiontimer", "longtasktimer", "distributionsummary", "summary" -> Kind.HISTOGRAM;
            default -> Kind.GAUGE;
        };
    }

    private static boolean isTimer(String type) {
        return type.toLowerCase(Locale.ROOT).endsWith("timer");
    }

    private static void labels(Source source, String code, List<Label> out, List<String> problems) {
        Matcher tag = TAG.matcher(code);
        while (tag.find()) {
            out.add(new Label(tag.group(1), source.file(), line(code, tag.start())));
        }
        Matcher list = TAG_LIST.matcher(code);
        while (list.find()) {
            List<String> args = arguments(code, list.end());
            if (args.size() < 2) {
                continue; // .tags(tags): a Tags value, built where its keys are seen
            }
            for (int i = 0; i < args.size(); i += 2) {
                String key = args.get(i).strip();
                if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
                    out.add(new Label(key.substring(1, key.length() - 1), source.file(), line(code, list.start())));
                } else {
                    problems.add(source.file() + ":" + line(code, list.start()) + ": label key " + key
                            + " is not a string literal; name labels with literals so that docs/metrics.md can be"
                            + " checked");
                }
            }
        }
    }

    /** The top-level arguments of the call whose {@code (} ends just before {@code from}. */
    static List<String> arguments(String code, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                i = endOfString(code, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    String last = code.substring(start, i);
                    if (!last.isBlank() || !args.isEmpty()) {
                        args.add(last);
                    }
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(code.substring(start, i));
                start = i + 1;
            }
        }
        return args;
    }

    private static int endOfString(String code, int quote) {
        for (int i = quote + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return code.length();
    }

    /** {@code text} with its comments blanked out (newlines kept, so that line numbers stay right). */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? text.length() : end + 3;
                out.append(text, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = c == '"' ? endOfString(text, i) : text.indexOf('\'', i + (text.charAt(i + 1) == '\\' ? 3 : 2));
                end = end < 0 ? text.length() - 1 : Math.min(end, text.length() - 1);
                out.append(text, i, end + 1);
                i = end + 1;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                out.append(" ".repeat(end - i));
                i = end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                text.substring(i, end).chars().forEach(ch -> out.append(ch == '\n' ? '\n' : ' '));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int line(String code, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
