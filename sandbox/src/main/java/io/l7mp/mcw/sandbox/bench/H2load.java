package io.l7mp.mcw.sandbox.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;

/**
 * The h2c load of the gateway benchmark: nghttp2's {@code h2load} (Debian's {@code nghttp2-client}, installed by
 * {@code bin/install-h2load}), GET over HTTP/2 with prior knowledge, a fixed number of connections and streams in
 * flight on each for a fixed time (a closed loop). Its summary gives the rate and the status codes; its per-request
 * log ({@code --log-file}) gives every latency, from which the percentiles come (the summary has only min, max and
 * mean).
 */
final class H2load {

    private static final Pattern FINISHED = Pattern.compile("^finished in [^,]+, ([0-9.]+) req/s", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile(
            "^requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored,"
                    + " (\\d+) timeout",
            Pattern.MULTILINE);
    private static final Pattern STATUS = Pattern.compile("^status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx",
            Pattern.MULTILINE);
    private static final Pattern TRAFFIC = Pattern.compile("^traffic: .*?, ([0-9.]+[KMG]?B) \\((\\d+)\\) data",
            Pattern.MULTILINE);
    private static final Pattern TIME_FOR_REQUEST = Pattern.compile(
            "^time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern DURATION = Pattern.compile("([0-9.]+)(us|ms|s)");

    private H2load() {
    }

    /**
     * What h2load's summary says.
     *
     * @param requestsPerSecond requests answered per second of the measured time, whatever their status
     * @param total requests h2load counted
     * @param succeeded requests it counts as succeeded (a stream that ended, whatever its status)
     * @param status2xx requests answered with a 2xx status
     * @param failed requests that failed, errored or timed out, as h2load counts them
     * @param dataBytes body bytes received
     * @param meanMs the mean of its "time for request"
     * @param maxMs the maximum of its "time for request"
     */
    record Summary(double requestsPerSecond, long total, long succeeded, long status2xx, long failed, long dataBytes,
            double meanMs, double maxMs) {

        /** Requests that did not end with a 2xx answer. */
        long errors() {
            return Math.max(0, total - status2xx);
        }

        /** Requests answered with a 2xx status per second: h2load's own rate counts every answer. */
        double okPerSecond() {
            return total == 0 ? 0 : requestsPerSecond * status2xx / total;
        }
    }

    /** Parses the summary h2load prints at its end; fails naming the line it could not find. */
    static Summary parse(String output) {
        Matcher finished = find(FINISHED, output, "finished in ..., N req/s");
        Matcher requests = find(REQUESTS, output, "requests: ...");
        Matcher status = find(STATUS, output, "status codes: ...");
        Matcher time = find(TIME_FOR_REQUEST, output, "time for request: ...");
        Matcher traffic = TRAFFIC.matcher(output);
        return new Summary(Double.parseDouble(finished.group(1)), Long.parseLong(requests.group(1)),
                Long.parseLong(requests.group(4)), Long.parseLong(status.group(1)), Long.parseLong(requests.group(5)),
                traffic.find() ? Long.parseLong(traffic.group(2)) : 0, millis(time.group(3)), millis(time.group(2)));
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("h2load's output has no line '" + what + "': " + tail(output));
        }
        return matcher;
    }

    /** A duration as h2load prints it ({@code 72us}, {@code 41.75ms}, {@code 1.2s}) in milliseconds. */
    static double millis(String duration) {
        Matcher matcher = DURATION.matcher(duration);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + duration + "' is not an h2load duration, expected e.g. 615us,"
                    + " 1.51ms or 2.0s");
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            default -> value * 1000;
        };
    }

    /**
     * The latencies of h2load's per-request log (tab-separated: start time in µs since the epoch, status, µs until the
     * end of the response) of the requests answered with a 2xx status, in microseconds.
     */
    static Histogram latencies(BufferedReader log) throws IOException {
        Histogram histogram = new Histogram(3);
        String line;
        while ((line = log.readLine()) != null) {
            String[] columns = line.split("\t");
            if (columns.length >= 3 && columns[1].startsWith("2")) {
                histogram.recordValue(Math.max(0, Long.parseLong(columns[2].trim())));
            }
        }
        return histogram;
    }

    /** The command line of one run. */
    static List<String> command(Path h2load, Endpoint target, String path, int connections, int streams,
            Duration duration, Path log) {
        List<String> command = new ArrayList<>(List.of(h2load.toString(), "-t1", "-c" + connections,
                "-m" + streams, "-D", Long.toString(Math.max(1, duration.toSeconds())), "--log-file=" + log,
                "-H", ":authority: " + target.authority()));
        command.add("http://" + target.host() + ":" + target.port() + path);
        return command;
    }

    /**
     * Runs h2load against {@code target} for {@code duration}; its output and log go to {@code dir}, the log is
     * deleted once read.
     */
    static Result run(Path h2load, Endpoint target, String path, int connections, int streams, Duration duration,
            Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("h2load-" + target.name() + ".tsv");
        Path output = dir.resolve("h2load-" + target.name() + ".out");
        Process process = new ProcessBuilder(command(h2load, target, path, connections, streams, duration, log))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("h2load against " + target.name() + " did not end within "
                    + (duration.toSeconds() + 60) + " s; its output is in " + output);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("h2load against " + target.name() + " exited with "
                    + process.exitValue() + ": " + tail(text));
        }
        Summary summary = parse(text);
        Histogram latency;
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            latency = latencies(reader);
        } finally {
            Files.deleteIfExists(log);
        }
        String mode = String.format(Locale.ROOT, "h2load -t1 -c%d -m%d", connections, streams);
        return new Result(target.name(), mode, 0, summary.okPerSecond(), summary.status2xx(), summary.errors(),
                summary.dataBytes(), latency, new SlowRequests(Long.MAX_VALUE));
    }

    /** The h2load binary on the PATH, or where Debian installs it. */
    static Optional<Path> find() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "h2load"))
                .filter(Files::isExecutable).findFirst();
    }

    private static String tail(String output) {
        String stripped = output.strip();
        return stripped.length() > 600 ? "..." + stripped.substring(stripped.length() - 600) : stripped;
    }
}
