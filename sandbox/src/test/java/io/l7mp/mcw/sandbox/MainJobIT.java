package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's main-job command run the way a user runs it: in a fresh clone of the repository (its committed
 * {@code HEAD}) in a temporary folder, {@code bin/sandbox} as a process of its own, which builds what the clone
 * lacks and starts; its output read until the story passed, one of its services killed from outside and seen
 * restarted, then Ctrl-C (SIGINT): it exits 0 and leaves no process behind.
 */
class MainJobIT {
    private Process sandbox;
    private Path clone;

    @AfterEach
    void stopIfStillRunning() throws IOException {
        if (sandbox != null && sandbox.isAlive()) {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
        if (clone != null) {
            try (Stream<Path> files = Files.walk(clone)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void theMainJobPlaysTheStoryRestartsADeadServiceAndCtrlCStopsEverythingWithExitZero() throws Exception {
        // Given: a fresh clone, and in it the main job as the README says: nothing built there yet
        clone = Files.createTempDirectory("mcw-main-job").resolve("mcw");
        Process git = new ProcessBuilder("git", "clone", "--quiet", RepoRoot.find().toString(), clone.toString())
                .redirectErrorStream(true).start();
        String gitOutput = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(120, TimeUnit.SECONDS) && git.exitValue() == 0).as("git clone: " + gitOutput).isTrue();
        assertThat(clone.resolve("sandbox").resolve("target")).doesNotExist();
        Path workDir = clone.resolve("sandbox").resolve("target").resolve("sandbox");
        ProcessBuilder builder = new ProcessBuilder("bin/sandbox", "--work-dir", workDir.toString())
                .directory(clone.toFile()).redirectErrorStream(true);
        builder.environment().remove("MCW_SKIP_BUILD");
        sandbox = builder.start();
        sandbox.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "main-job-output");
        reader.setDaemon(true);
        reader.start();

        // When it runs: it built with visible progress, and the story passed
        await("the main job builds and runs").atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> output.toString().contains("Ctrl-C stops everything.") || !sandbox.isAlive());
        assertThat(output.toString()).contains("[sandbox] building (").contains("building gateway-service")
                .contains("[sandbox]   BUILD SUCCESS")
                .contains("[scenario] PASS: ServiceImport secure/payment is in every cluster");

        // When: a service is killed from outside
        Map<String, RestartCommand.Running> running = RestartCommand.read(workDir.resolve(Sandbox.PROCESSES_FILE));
        long killed = running.get("cluster-2/import-service").pid();
        ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);

        // Then: it is started again, and says so
        await("cluster-2/import-service restarted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> output.toString().contains("cluster-2/import-service restarted: ready"));
        assertThat(RestartCommand.read(workDir.resolve(Sandbox.PROCESSES_FILE)).get("cluster-2/import-service").pid())
                .isNotEqualTo(killed);

        // When: Ctrl-C
        List<ProcessHandle> children = sandbox.descendants().toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(11); // ten services and the broker
        new ProcessBuilder("kill", "-INT", Long.toString(sandbox.pid())).start().waitFor();

        // Then: exit 0, and nothing left behind
        assertThat(sandbox.waitFor(90, TimeUnit.SECONDS)).as("the sandbox stopped within 90 s").isTrue();
        assertThat(sandbox.exitValue()).as(output.toString()).isZero();
        await("no child process left").atMost(Duration.ofSeconds(30))
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(output.toString()).contains("stopped 10 services");
    }
}
