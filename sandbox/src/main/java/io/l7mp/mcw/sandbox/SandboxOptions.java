package io.l7mp.mcw.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import io.l7mp.mcw.testkit.wan.WanTopology;

/**
 * What a {@link Sandbox} starts and where.
 *
 * @param repoRoot the checkout; service jars are read from {@code <repoRoot>/<service>/target/quarkus-app}
 * @param workDir kubeconfig, logs and Kafka data; wiped of a previous run's logs and data at start
 * @param clusters how many clusters, named {@code cluster-1..N}
 * @param services the service modules to run in every cluster, in start order (may be empty)
 * @param jvmArgs JVM options of every service process
 * @param systemProperties extra {@code -D} options of every service process (after the sandbox's own)
 * @param readyTimeout how long a process may take to become ready
 * @param out where progress lines go
 * @param tunnels the WAN emulator's tunnels, name to port
 * @param observability whether to start Prometheus (scraping every service) and Zipkin (receiving their spans) too
 * @param apiServersOutOfProcess whether each cluster's API server stand-in runs in a child JVM
 *        ({@link io.l7mp.mcw.testkit.ApiServerProcess}) rather than in the sandbox's, so that a benchmark run in the
 *        sandbox's JVM does not share its heap and CPU time with them; false by default
 */
public record SandboxOptions(Path repoRoot, Path workDir, int clusters, List<String> services, List<String> jvmArgs,
        Map<String, String> systemProperties, Duration readyTimeout, PrintStream out, Map<String, Integer> tunnels,
        boolean observability, boolean apiServersOutOfProcess) {

    /** Every service of a cluster, as the main job runs them. */
    public static final List<String> ALL_SERVICES = List.of("policy-service", "export-service", "import-service",
            "gateway-service", "telemetry-service");
    /** The services the control-plane tests need: policies, exports, imports. */
    public static final List<String> CONTROL_PLANE = List.of("policy-service", "export-service", "import-service");
    /**
     * 160 MB of heap keeps ten services plus a broker within a small machine's memory; the serial collector saves
     * the threads and footprint G1 would take on two cores.
     */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx160m", "-XX:+UseSerialGC");

    public SandboxOptions {
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(out, "out");
        if (clusters < 1 || clusters > 9) {
            throw new IllegalArgumentException("clusters must be between 1 and 9, got " + clusters);
        }
        // no services at all is allowed: Kafka and API servers only, to run a service from an IDE against them
        services = services.stream().filter(s -> !s.isBlank()).distinct().toList();
        jvmArgs = List.copyOf(jvmArgs);
        systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
        tunnels = Collections.unmodifiableMap(new LinkedHashMap<>(tunnels));
    }

    public SandboxOptions(Path repoRoot, Path workDir, int clusters, List<String> services, List<String> jvmArgs,
            Map<String, String> systemProperties, Duration readyTimeout, PrintStream out, Map<String, Integer> tunnels,
            boolean observability) {
        this(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout, out, tunnels,
                observability, false);
    }

    public SandboxOptions(Path repoRoot, Path workDir, int clusters, List<String> services, List<String> jvmArgs,
            Map<String, String> systemProperties, Duration readyTimeout, PrintStream out) {
        this(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout, out,
                WanTopology.SEED_TUNNELS, false);
    }

    /** The WAN emulator's tunnels (name to port): the seed's business (31111) and internet (31112) by default. */
    public SandboxOptions withTunnels(Map<String, Integer> named) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout, out,
                named, observability, apiServersOutOfProcess);
    }

    /** Two clusters with all five services, work directory {@code .sandbox/} under the repository root. */
    public static SandboxOptions defaults() {
        Path root = RepoRoot.find();
        return new SandboxOptions(root, root.resolve(".sandbox"), 2, ALL_SERVICES, DEFAULT_JVM_ARGS, Map.of(),
                Duration.ofMinutes(3), System.out, WanTopology.SEED_TUNNELS, false);
    }

    public SandboxOptions withWorkDir(Path dir) {
        return new SandboxOptions(repoRoot, dir, clusters, services, jvmArgs, systemProperties, readyTimeout, out,
                tunnels, observability, apiServersOutOfProcess);
    }

    public SandboxOptions withClusters(int count) {
        return new SandboxOptions(repoRoot, workDir, count, services, jvmArgs, systemProperties, readyTimeout, out,
                tunnels, observability, apiServersOutOfProcess);
    }

    public SandboxOptions withServices(List<String> modules) {
        return new SandboxOptions(repoRoot, workDir, clusters, modules, jvmArgs, systemProperties, readyTimeout, out,
                tunnels, observability, apiServersOutOfProcess);
    }

    public SandboxOptions withJvmArgs(List<String> args) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, args, systemProperties, readyTimeout, out,
                tunnels, observability, apiServersOutOfProcess);
    }

    public SandboxOptions withSystemProperty(String key, String value) {
        Map<String, String> props = new LinkedHashMap<>(systemProperties);
        props.put(key, value);
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, props, readyTimeout, out, tunnels,
                observability, apiServersOutOfProcess);
    }

    public SandboxOptions withReadyTimeout(Duration timeout) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, timeout, out,
                tunnels, observability, apiServersOutOfProcess);
    }

    public SandboxOptions withOut(PrintStream stream) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout,
                stream, tunnels, observability, apiServersOutOfProcess);
    }

    /** With {@code on}: Prometheus and Zipkin as well (see {@link Observability}). */
    public SandboxOptions withObservability(boolean on) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout, out,
                tunnels, on, apiServersOutOfProcess);
    }

    /** With {@code on}: each cluster's API server in a child JVM, its request times read over HTTP. */
    public SandboxOptions withApiServersOutOfProcess(boolean on) {
        return new SandboxOptions(repoRoot, workDir, clusters, services, jvmArgs, systemProperties, readyTimeout, out,
                tunnels, observability, on);
    }

    /** {@code cluster-1 .. cluster-N}. */
    public List<String> clusterNames() {
        return IntStream.rangeClosed(1, clusters).mapToObj(i -> "cluster-" + i).toList();
    }

    /** Where the packaged service is expected. */
    public Path jarOf(String service) {
        return repoRoot.resolve(service).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
