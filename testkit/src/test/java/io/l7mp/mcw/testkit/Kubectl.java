package io.l7mp.mcw.testkit;

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
 * The real {@code kubectl} binary, run against an API server stand-in. When none is on the PATH, the project's
 * {@code bin/install-kubectl} installs Debian's; when that fails too, the test fails (it is not skipped) with a
 * message that says how to install it.
 */
final class Kubectl {

    static final String INSTALL_SCRIPT = "bin/install-kubectl";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final Path repository;
    private final Path kubeconfig;
    private final Path cacheDir;

    private Kubectl(Path binary, Path repository, Path kubeconfig, Path cacheDir) {
        this.binary = binary;
        this.repository = repository;
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /** What one kubectl command did. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** kubectl for {@code server}, run in the repository root (so paths like {@code k8s/examples/l7/} work). */
    static Kubectl against(ApiServer server, Path workDir) {
        Path repository = repositoryRoot();
        Path binary = find().orElseGet(() -> install(repository));
        Path kubeconfig = ApiServer.writeKubeconfig(workDir.resolve("kubeconfig"), List.of(server));
        return new Kubectl(binary, repository, kubeconfig, workDir.resolve("kube-cache"));
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(cacheDir.getParent(), "kubectl", ".out");
            Path err = Files.createTempFile(cacheDir.getParent(), "kubectl", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("KUBECONFIG");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    /** The repository root: where {@code k8s/crds} is. */
    static Path repositoryRoot() {
        return CrdCatalog.locate().toAbsolutePath().getParent().getParent();
    }

    private static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/bin/kubectl");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    private static Path install(Path repository) {
        Path script = repository.resolve(INSTALL_SCRIPT);
        String output;
        int exit;
        try {
            Process process = new ProcessBuilder(script.toString()).directory(repository.toFile())
                    .redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = process.waitFor(10, TimeUnit.MINUTES) ? process.exitValue() : -1;
        } catch (IOException e) {
            output = e.toString();
            exit = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + script, e);
        }
        String reason = output.strip();
        int exitCode = exit;
        return find().orElseGet(() -> fail("kubectl is not installed and " + INSTALL_SCRIPT
                + " could not install it (exit " + exitCode + "): " + reason + ". Run " + INSTALL_SCRIPT
                + " as root (it installs Debian's kubernetes-client package) or put a kubectl 1.20+ on the PATH."));
    }
}
