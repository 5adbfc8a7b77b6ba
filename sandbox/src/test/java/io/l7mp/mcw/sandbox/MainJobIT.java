package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's main-job command run the way a user runs it: {@code bin/sandbox} as a process of its own, its output
 * read until it says it runs, one of its services killed from outside and seen restarted, then Ctrl-C (SIGINT): it
 * exits 0 and leaves no process behind. The build is the one CI just made ({@code MCW_SKIP_BUILD=1}).
 */
class MainJobIT {
    private Process sandbox;

    @AfterEach
    void stopIfStillRunning() {
        if (sandbox != null && sandbox.isAlive()) {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
    }

    @Test
    void theMainJobPlaysTheStoryRestartsADeadServiceAndCtrlCStopsEverythingWithExitZero() throws Exception {
        // Given: the main job, as the README says, in a work directory of its own
        Path root = RepoRoot.find();
        Path workDir = root.resolve("sandbox").resolve("target").resolve("e2e-main-job");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/sandbox").toString(), "--work-dir",
                workDir.toString()).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("MCW_SKIP_BUILD", "1");
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

        // When it runs: the story passed
        await("the main job runs").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> output.toString().contains("Ctrl-C stops everything.") || !sandbox.isAlive());
        assertThat(output.toString()).contains("[scenario] PASS: ServiceImport secure/payment is in every cluster");

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
