package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/sandbox restart cluster-2/import-service}: restarts one service of the sandbox running in the work
 * directory, as deleting a pod would. It stops the process (SIGTERM); the running sandbox's supervisor starts it again
 * at once; this waits until the new process is ready.
 */
@Command(name = "restart", usageHelpAutoWidth = true, description = {
        "Restarts one service of the running sandbox (SIGTERM; the sandbox starts it again) and waits until it is "
                + "ready." }, exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:restarted and ready",
                        "1:no sandbox runs there, or the service did not come back", "2:invalid command line or "
                                + "unknown service" })
final class RestartCommand implements Callable<Integer> {
    private static final Duration COME_BACK = Duration.ofSeconds(60);
    private static final Duration READY = Duration.ofMinutes(3);

    @Parameters(paramLabel = "CLUSTER/SERVICE", description = "e.g. cluster-2/import-service")
    String name;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "The running sandbox's work directory (default: .sandbox/ under the repository root).")
    Path workDir;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;

    /** A line of the running sandbox's processes file. */
    record Running(String name, long pid, int port) {
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = workDir != null ? workDir.toAbsolutePath() : RepoRoot.find().resolve(".sandbox");
        Path file = dir.resolve(Sandbox.PROCESSES_FILE);
        Map<String, Running> running = read(file);
        if (running.values().stream().noneMatch(r -> ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive)
                .orElse(false))) {
            System.err.println("[sandbox] error: no sandbox is running with work directory " + dir
                    + " (start one with bin/sandbox)");
            return 1;
        }
        Running before = running.get(name);
        if (before == null) {
            System.err.println("[sandbox] error: no service '" + name + "' in the sandbox at " + dir
                    + "; running: " + String.join(", ", running.keySet()));
            return 2;
        }
        out.printf("[sandbox] restarting %s (pid %d)%n", name, before.pid());
        ProcessHandle.of(before.pid()).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + COME_BACK.toNanos();
        Optional<Running> after = Optional.empty();
        while (after.isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.err.println("[sandbox] error: " + name + " did not come back within " + COME_BACK.toSeconds()
                        + " s; is the sandbox still running? See its output and the service's log in "
                        + dir.resolve("logs"));
                return 1;
            }
            Thread.sleep(200);
            after = Optional.ofNullable(read(file).get(name)).filter(r -> r.pid() != before.pid());
        }
        if (!awaitReady(after.get())) {
            System.err.println("[sandbox] error: " + name + " (pid " + after.get().pid() + ") was not ready within "
                    + READY.toMinutes() + " minutes; see its log in " + dir.resolve("logs"));
            return 1;
        }
        out.printf("[sandbox] %s restarted: pid %d, ready at http://127.0.0.1:%d%n", name, after.get().pid(),
                after.get().port());
        return 0;
    }

    private static boolean awaitReady(Running process) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.port()
                + ServiceProcess.READY_PATH)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** The processes file of a running sandbox; empty when there is none. */
    static Map<String, Running> read(Path file) {
        Map<String, Running> running = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 3) {
                    running.put(fields[0], new Running(fields[0], Long.parseLong(fields[1]),
                            Integer.parseInt(fields[2])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Map.of();
        }
        return running;
    }
}
