package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool a test runs as a process ({@code promtool}, {@code kubectl}): the one on the PATH, else the one
 * the project's install script ({@code bin/install-*}) puts there. When the script cannot install it either, the test
 * fails (it is not skipped) with the script's output and what to do.
 */
public final class InstalledTool {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;

    private InstalledTool(Path binary) {
        this.binary = binary;
    }

    /** What one run did. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout and stderr, for a failure message. */
        public String output() {
            return stdout + (stderr.isEmpty() ? "" : "--- stderr\n" + stderr);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output();
        }
    }

    /**
     * {@code name} from the PATH or {@code fallback}; else runs {@code installScript} (relative to the repository
     * root) and looks again.
     */
    public static InstalledTool find(String name, Path fallback, String installScript, String howToInstall) {
        Optional<Path> found = locate(name, fallback);
        if (found.isPresent()) {
            return new InstalledTool(found.get());
        }
        Path root = RepoRoot.find();
        Result installed = run(List.of(root.resolve(installScript).toString()), root);
        return new InstalledTool(locate(name, fallback).orElseGet(() -> fail(name + " is not installed and "
                + installScript + " could not install it (" + installed + "). Run " + installScript
                + " as root (" + howToInstall + ") or put " + name + " on the PATH.")));
    }

    /** Where the tool is. */
    public Path binary() {
        return binary;
    }

    /** Runs the tool with {@code args} in {@code directory}. */
    public Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        return run(command, directory);
    }

    private static Result run(List<String> command, Path directory) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("mcw-tool", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            // stdout is read while the process runs, so a chatty tool cannot block on a full pipe
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr));
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        } finally {
            if (stderr != null) {
                stderr.toFile().delete();
            }
        }
    }

    private static Optional<Path> locate(String name, Path fallback) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Files.isExecutable(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    /** promtool of Debian's prometheus package, installed by {@code bin/install-prometheus} when missing. */
    public static InstalledTool promtool() {
        return find("promtool", Path.of("/usr/bin/promtool"), "bin/install-prometheus",
                "it installs Debian's prometheus package, which brings promtool");
    }

    /** kubectl, installed by {@code bin/install-kubectl} when missing. */
    public static InstalledTool kubectl() {
        return find("kubectl", Path.of("/usr/bin/kubectl"), "bin/install-kubectl",
                "it installs Debian's kubernetes-client package");
    }
}
