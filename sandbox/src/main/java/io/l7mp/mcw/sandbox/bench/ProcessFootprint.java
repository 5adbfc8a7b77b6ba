package io.l7mp.mcw.sandbox.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one service process costs at one moment: CPU time since it started, heap in use (its Micrometer
 * {@code jvm_memory_used_bytes{area="heap"}}, summed over the pools), resident memory and its peak (
 * {@code /proc/<pid>/status} VmRSS and VmHWM). A figure that cannot be read is -1 (NaN for CPU).
 *
 * @param cpuSeconds user + system CPU time since the process started
 */
record ProcessFootprint(double cpuSeconds, long heapUsedBytes, long rssBytes, long peakRssBytes) {

    private static final String HEAP_SAMPLE = "jvm_memory_used_bytes{area=\"heap\"";

    /** Reads the figures of the process {@code pid} whose HTTP server (with {@code /q/metrics}) is {@code url}. */
    static ProcessFootprint of(long pid, String url, HttpClient http) {
        double cpu = ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        return new ProcessFootprint(cpu, heapUsed(url, http), statusKiB(pid, "VmRSS:") * 1024,
                statusKiB(pid, "VmHWM:") * 1024);
    }

    /**
     * Asks the JVM {@code pid} for a full collection ({@code jcmd <pid> GC.run}), so that the heap read next is what
     * the process holds live rather than what the collector has not reclaimed yet.
     *
     * @return whether jcmd succeeded
     */
    static boolean collectGarbage(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long heapUsed(String url, HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/metrics")).timeout(Duration.ofSeconds(10))
                .GET().build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request,
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                return -1;
            }
            return heapUsed(response.body().toList());
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The sum of the heap pools' {@code jvm_memory_used_bytes} samples of a Prometheus text exposition. */
    static long heapUsed(List<String> exposition) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition) {
            if (line.startsWith(HEAP_SAMPLE)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }

    private static long statusKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
