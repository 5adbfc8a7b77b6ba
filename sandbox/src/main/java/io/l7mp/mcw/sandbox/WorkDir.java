package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sandbox's directory: {@code kubeconfig} (every cluster), {@code kubeconfigs/<cluster>} (one cluster, for its
 * services), {@code logs/<cluster>-<service>.log}, {@code kafka/} (broker log and data), {@code observability/}
 * (Prometheus' configuration, targets and data, with {@code --observability}) and {@code pids} (every child process
 * started). A lock keeps two sandboxes from sharing it; processes that a killed launcher left behind are stopped
 * before a new run starts.
 */
final class WorkDir {

    /** Command-line fragments of processes a sandbox starts; a recorded pid is only killed if it still matches. */
    private static final List<String> OWN_PROCESSES = List.of("quarkus-run.jar", "io.l7mp.mcw.testkit.KafkaBrokerMain",
            "zipkin-server-exec.jar");

    private final Path root;
    private final Progress progress;
    private FileChannel lockChannel;
    private FileLock lock;

    WorkDir(Path root, Progress progress) {
        this.root = root.toAbsolutePath().normalize();
        this.progress = progress;
    }

    Path root() {
        return root;
    }

    Path kubeconfig() {
        return root.resolve("kubeconfig");
    }

    /** A kubeconfig with only {@code cluster}, for that cluster's services. */
    Path clusterKubeconfig(String cluster) {
        return root.resolve("kubeconfigs").resolve(cluster);
    }

    Path logsDir() {
        return root.resolve("logs");
    }

    Path kafkaDir() {
        return root.resolve("kafka");
    }

    /** Prometheus' configuration, targets file and data. */
    Path observabilityDir() {
        return root.resolve("observability");
    }

    Path logFile(String cluster, String service) {
        return logsDir().resolve(cluster + "-" + service + ".log");
    }

    /** Locks the directory, stops leftovers of a previous run and removes its logs and Kafka data. */
    void prepare() {
        try {
            Files.createDirectories(root);
            lock();
            stopLeftovers();
            deleteTree(logsDir());
            deleteTree(kafkaDir());
            deleteTree(observabilityDir());
            Files.createDirectories(logsDir());
            Files.createDirectories(kafkaDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the sandbox work directory " + root, e);
        }
    }

    /** Remembers a child so that the next run can stop it if this launcher dies without cleaning up. */
    void recordPid(long pid) {
        try {
            Files.writeString(root.resolve("pids"), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + root.resolve("pids"), e);
        }
    }

    /** Forgets the children (all stopped) and unlocks the directory. */
    void release() {
        try {
            Files.deleteIfExists(root.resolve("pids"));
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            progress.line("warning: cannot clean up %s: %s", root, e.getMessage());
        }
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new SandboxException("Another sandbox is running with work directory " + root
                    + "; stop it (Ctrl-C) or choose another directory with --work-dir");
        }
    }

    private void stopLeftovers() throws IOException {
        Path pids = root.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) {
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line.trim()));
            handle.filter(ProcessHandle::isAlive).filter(this::isOwn).ifPresent(h -> {
                progress.line("stopping process %d left over from a previous run", h.pid());
                h.destroyForcibly();
                h.onExit().join();
            });
        }
        Files.delete(pids);
    }

    /** A service, the broker, Zipkin, or a Prometheus whose configuration is in this directory. */
    private boolean isOwn(ProcessHandle handle) {
        String commandLine = handle.info().commandLine().orElse("");
        return OWN_PROCESSES.stream().anyMatch(commandLine::contains)
                || commandLine.contains("--config.file=" + observabilityDir());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
