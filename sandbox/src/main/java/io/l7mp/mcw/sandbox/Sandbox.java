package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerProcess;
import io.l7mp.mcw.testkit.KafkaBrokerProcess;
import io.l7mp.mcw.testkit.RunningApiServer;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.wan.WanEmulator;
import io.l7mp.mcw.testkit.wan.WanEmulatorApi;
import io.l7mp.mcw.testkit.wan.WanTopology;

/**
 * A whole clusterset on one machine (DESIGN D10): one Kafka broker (child JVM), one API server per cluster (in this
 * JVM), the WAN emulator (in this JVM) standing for the SD-WAN between the clusters with the seed's tunnels, and, per
 * cluster, every configured service as its own JVM started from its packaged jar; with
 * {@link SandboxOptions#observability()}, Prometheus scraping every service and Zipkin receiving their spans
 * ({@link Observability}). {@link #close()} and a shutdown hook (Ctrl-C) stop every process it started.
 */
public final class Sandbox implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int MAX_BACKOFF_SECONDS = 30;
    private static final int STABLE_SECONDS = 60;
    /** The running services and their pids, in the work directory (see {@link #writeProcesses()}). */
    static final String PROCESSES_FILE = "processes";

    private final SandboxOptions options;
    private final Progress progress;
    private final WorkDir workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, RunningApiServer> apiServers = new LinkedHashMap<>();
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "sandbox-shutdown");
    /** Restarts services that exit, with backoff, as a kubelet would. */
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Restarts> restarts = new ConcurrentHashMap<>();
    private final FreePorts ports = new FreePorts();
    private KafkaBrokerProcess kafka;
    private WanEmulator wan;
    private WanEmulatorApi wanApi;
    private final Map<String, HttpBackend> sampleBackends = new LinkedHashMap<>();
    private Path kubeconfig;
    /** Prometheus and Zipkin; null without {@link SandboxOptions#observability()}. */
    private Observability observability;

    private Sandbox(SandboxOptions options) {
        this.options = options;
        this.progress = new Progress(options.out());
        this.workDir = new WorkDir(options.workDir(), progress);
    }

    /**
     * Starts everything and waits until every service is ready.
     *
     * @throws SandboxException when a jar is missing or something does not start; whatever was started is stopped
     */
    public static Sandbox start(SandboxOptions options) {
        ServiceCommands.requireJars(options);
        Sandbox sandbox = new Sandbox(options);
        Runtime.getRuntime().addShutdownHook(sandbox.shutdownHook);
        try {
            sandbox.startAll();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll() {
        long started = System.nanoTime();
        workDir.prepare();
        startKafka();
        startApiServers();
        startWanEmulator();
        if (options.observability()) {
            launchObservability();
        }
        startServices();
        if (observability != null) {
            observability.awaitReady(http, options.readyTimeout(), progress);
        }
        progress.line("clusterset ready: %d clusters, %d services (%s)", apiServers.size(), processes.size(),
                Progress.seconds(Duration.ofNanos(System.nanoTime() - started)));
    }

    private void startKafka() {
        Progress.Step step = progress.begin("starting kafka");
        try {
            kafka = KafkaBrokerProcess.start(workDir.kafkaDir());
        } catch (RuntimeException e) {
            step.failed();
            throw new SandboxException("The Kafka broker did not start (log " + workDir.kafkaDir().resolve("kafka.log")
                    + "): " + e.getMessage(), e);
        }
        workDir.recordPid(kafka.pid());
        step.done("ready at " + kafka.bootstrapServers());
    }

    private void startApiServers() {
        for (String cluster : options.clusterNames()) {
            Progress.Step step = progress.begin("starting API server of " + cluster);
            RunningApiServer server;
            if (options.apiServersOutOfProcess()) {
                ApiServerProcess process;
                try {
                    process = ApiServerProcess.start(cluster, workDir.logsDir());
                } catch (RuntimeException e) {
                    step.failed();
                    throw new SandboxException("The API server of " + cluster + " did not start (log "
                            + workDir.logsDir().resolve("apiserver-" + cluster + ".log") + "): " + e.getMessage(), e);
                }
                workDir.recordPid(process.pid());
                server = process;
            } else {
                server = ApiServer.start(cluster);
            }
            apiServers.put(cluster, server);
            clients.put(cluster, server.client());
            step.done("ready at " + server.url());
        }
        kubeconfig = ApiServer.writeKubeconfig(workDir.kubeconfig(), List.copyOf(apiServers.values()));
        progress.line("kubeconfig %s (contexts %s)", kubeconfig, String.join(", ", apiServers.keySet()));
    }

    /**
     * Every cross-cluster path goes through the emulator: export-services publish their cluster's WAN address
     * ({@code 127.0.1.N}) as the ingress address, where the emulator listens on every tunnel port and relays to the
     * cluster's gateway on {@code 127.0.0.N}. Its HTTP API (cut, delay, loss of a path) listens on loopback.
     */
    private void startWanEmulator() {
        Progress.Step step = progress.begin("starting the WAN emulator");
        try {
            wan = WanEmulator.start(WanTopology.sandbox(options.clusterNames(), options.tunnels()));
            wanApi = WanEmulatorApi.start(wan, 0);
        } catch (RuntimeException e) {
            step.failed();
            throw new SandboxException("The WAN emulator did not start: " + e.getMessage(), e);
        }
        step.done("tunnels " + options.tunnels() + " between " + String.join(", ", options.clusterNames())
                + "; API at " + wanApi.uri());
    }

    /**
     * Starts Prometheus and Zipkin before the services, so that the services' first spans find Zipkin; the sandbox
     * waits for them after the services, as they start in parallel.
     */
    private void launchObservability() {
        observability = Observability.prepare(options, workDir, ports, progress);
        observability.launch();
        observability.processes().forEach(p -> workDir.recordPid(p.pid()));
        progress.line("starting Prometheus and Zipkin (logs in %s)", workDir.logsDir());
    }

    /** The sandbox's options, and with observability where the services send their spans (unless set already). */
    private SandboxOptions serviceOptions() {
        if (observability == null || options.systemProperties().containsKey(Observability.ZIPKIN_ENDPOINT_PROPERTY)) {
            return options;
        }
        return options.withSystemProperty(Observability.ZIPKIN_ENDPOINT_PROPERTY, observability.zipkinSpansEndpoint());
    }

    private void startServices() {
        ServiceCommands commands = new ServiceCommands(serviceOptions(), kafka.bootstrapServers(), ports);
        for (String cluster : options.clusterNames()) {
            RunningApiServer server = apiServers.get(cluster);
            Path ownKubeconfig = ApiServer.writeKubeconfig(workDir.clusterKubeconfig(cluster), List.of(server));
            for (String service : options.services()) {
                ServiceProcess process = commands.process(cluster, service, server.url(), ownKubeconfig,
                        workDir.logFile(cluster, service));
                process.onUnexpectedExit(this::reportExit);
                processes.put(process.name(), process);
            }
        }
        progress.line("starting %d services (logs in %s)", processes.size(), workDir.logsDir());
        long started = System.nanoTime();
        for (ServiceProcess process : processes.values()) {
            process.launch();
            workDir.recordPid(process.pid());
        }
        writeProcesses();
        // launched together, so one deadline for all: the slowest start decides
        for (ServiceProcess process : processes.values()) {
            Duration left = options.readyTimeout().minusNanos(System.nanoTime() - started);
            process.awaitReady(http, left.isNegative() ? Duration.ZERO : left);
            progress.line("%-32s ready at %s (%s)", process.name(), process.url(),
                    Progress.seconds(Duration.ofNanos(System.nanoTime() - started)));
        }
        // a process that died after another one answered on its port would otherwise pass unnoticed
        for (ServiceProcess process : processes.values()) {
            if (!process.isAlive()) {
                throw new SandboxException(process.name() + " exited after it was started; last lines of "
                        + process.logFile() + ":\n" + process.logTail());
            }
        }
    }

    /**
     * A service that exits without being asked to is started again, as a kubelet restarts a container: at once the
     * first time, then after 1, 2, 4 ... up to {@value #MAX_BACKOFF_SECONDS} s while it keeps exiting; a process that
     * stayed up for {@value #STABLE_SECONDS} s starts the count again. Every exit and restart is printed.
     */
    private void reportExit(ServiceProcess process, int exitCode) {
        if (closed.get()) {
            return;
        }
        Restarts count = restarts.computeIfAbsent(process.name(), n -> new Restarts());
        Duration delay = count.next();
        progress.line("%s exited with code %d; restarting it%s (restart %d). Last lines of %s:%n%s", process.name(),
                exitCode, delay.isZero() ? " now" : " in " + Progress.seconds(delay), count.count, process.logFile(),
                process.logTail());
        supervisor.schedule(() -> restartAfterExit(process), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restartAfterExit(ServiceProcess process) {
        if (closed.get() || process.isAlive()) {
            return;
        }
        try {
            process.launch();
            workDir.recordPid(process.pid());
            writeProcesses();
            process.awaitReady(http, options.readyTimeout());
            progress.line("%s restarted: ready at %s (pid %d)", process.name(), process.url(), process.pid());
        } catch (RuntimeException e) {
            // an exit while starting is reported (and retried) by the exit listener
            if (!closed.get() && process.isAlive()) {
                progress.line("WARNING: %s restarted but is not ready: %s", process.name(), e.getMessage());
            }
        }
    }

    /** Exits of one service in a row, for the backoff. */
    private static final class Restarts {
        private int count;
        private long lastAt;

        synchronized Duration next() {
            long now = System.nanoTime();
            if (count > 0 && now - lastAt > TimeUnit.SECONDS.toNanos(STABLE_SECONDS)) {
                count = 0;
            }
            lastAt = now;
            count++;
            return count == 1 ? Duration.ZERO
                    : Duration.ofSeconds(Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(10, count - 2)));
        }
    }

    /**
     * {@code <work dir>/processes}: one line per service, {@code <cluster>/<service> <pid> <http port>}, rewritten on
     * every start, so that {@code bin/sandbox restart} finds a running sandbox's processes; and with observability
     * Prometheus' targets, so that the scrapes follow a service that comes back on another port.
     */
    private synchronized void writeProcesses() {
        StringBuilder lines = new StringBuilder();
        List<PrometheusConfig.Target> targets = new ArrayList<>();
        for (ServiceProcess process : processes.values()) {
            lines.append(process.name()).append(' ').append(process.pid()).append(' ').append(process.port())
                    .append('\n');
            targets.add(new PrometheusConfig.Target(process.cluster(), process.service(), process.port()));
        }
        if (observability != null) {
            try {
                observability.targets(targets);
            } catch (UncheckedIOException e) {
                progress.line("warning: %s", e.getMessage());
            }
        }
        try {
            Path file = workDir.root().resolve(PROCESSES_FILE);
            Path temporary = workDir.root().resolve(PROCESSES_FILE + ".tmp");
            Files.writeString(temporary, lines);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            progress.line("warning: cannot write %s: %s", workDir.root().resolve(PROCESSES_FILE), e.getMessage());
        }
    }

    /** Prometheus' UI and HTTP API ({@code http://127.0.0.1:<port>}), when the sandbox runs with observability. */
    public Optional<URI> prometheusUrl() {
        return Optional.ofNullable(observability).map(Observability::prometheusUrl);
    }

    /**
     * Zipkin's UI ({@code http://127.0.0.1:<port>/zipkin/}; its HTTP API is {@code /api/v2/} on the same port), when
     * the sandbox runs with observability.
     */
    public Optional<URI> zipkinUrl() {
        return Optional.ofNullable(observability).map(Observability::zipkinUrl);
    }

    /** {@code cluster-1 .. cluster-N}. */
    public List<String> clusters() {
        return List.copyOf(apiServers.keySet());
    }

    /** The client of a cluster's API server (shared; do not close it). */
    public KubernetesClient client(String cluster) {
        KubernetesClient client = clients.get(cluster);
        if (client == null) {
            throw new IllegalArgumentException("No cluster '" + cluster + "' in this sandbox; clusters: " + clients.keySet());
        }
        return client;
    }

    /**
     * The API server stand-in of a cluster, in this JVM or in a child one ({@link SandboxOptions#apiServersOutOfProcess()}):
     * e.g. for its {@link RunningApiServer#requestStats() request times}.
     */
    public RunningApiServer apiServer(String cluster) {
        client(cluster);
        return apiServers.get(cluster);
    }

    /** The API server URL of a cluster, e.g. {@code http://127.0.0.1:38117}. */
    public String apiServerUrl(String cluster) {
        client(cluster);
        return apiServers.get(cluster).url();
    }

    /**
     * A sample HTTP backend named {@code name} on 127.0.0.1, started at the first call and stopped with the sandbox:
     * what a sample Service's EndpointSlice points at (it answers every request with what it received, as JSON).
     */
    public synchronized HttpBackend sampleBackend(String name) {
        return sampleBackends.computeIfAbsent(name, HttpBackend::start);
    }

    /** The WAN emulator between the clusters: cut, delay or impair a path, read its counters. */
    public WanEmulator wan() {
        return wan;
    }

    /** The WAN emulator's HTTP API, e.g. {@code http://127.0.0.1:39117/}. */
    public java.net.URI wanApi() {
        return wanApi.uri();
    }

    /** The WAN address of a cluster, {@code 127.0.1.N}: where other clusters reach its ingress (the emulator). */
    public String wanAddress(String cluster) {
        client(cluster);
        return ServiceCommands.wanAddress(cluster);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A kubeconfig with one context per cluster, named like the cluster. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path workDir() {
        return workDir.root();
    }

    public Path repoRoot() {
        return options.repoRoot();
    }

    /** Every service process, in start order. */
    public List<ServiceProcess> processes() {
        return List.copyOf(processes.values());
    }

    public ServiceProcess process(String cluster, String service) {
        ServiceProcess process = processes.get(cluster + "/" + service);
        if (process == null) {
            throw new IllegalArgumentException("No service '" + service + "' in cluster '" + cluster
                    + "'; running: " + processes.keySet());
        }
        return process;
    }

    /**
     * The loopback address of a cluster, {@code 127.0.0.N} for {@code cluster-N}: its gateway's ingress (tunnel) and
     * egress listeners bind it, its gateway and telemetry-service send to other clusters from it, its import-service
     * publishes it as the egress address.
     */
    public String address(String cluster) {
        client(cluster);
        return ServiceCommands.address(cluster);
    }

    /** {@link #address(String)} for a cluster of any sandbox, running or not. */
    public static String addressOf(String cluster) {
        return ServiceCommands.address(cluster);
    }

    /** The WAN address of {@code cluster}, where the WAN emulator takes its tunnels' traffic (docs/wan-emulator.md). */
    public static String wanAddressOf(String cluster) {
        return ServiceCommands.wanAddress(cluster);
    }

    /** The port of a cluster gateway's Host-routing egress listener (on {@link #address(String)}). */
    public int hostRoutingPort() {
        return ServiceCommands.HOST_ROUTING_PORT;
    }

    /**
     * A service's {@code quarkus.http.port} (on 127.0.0.1): health, {@code /q/metrics} and the gRPC APIs (the gRPC
     * server shares the HTTP server).
     */
    public int httpPort(String cluster, String service) {
        return process(cluster, service).port();
    }

    /** Kills a service with SIGKILL (no shutdown hooks, no goodbye), as a crash would, and waits until it is gone. */
    public void kill9(String cluster, String service) {
        ServiceProcess process = process(cluster, service);
        long pid = process.pid();
        process.kill9();
        progress.line("killed %s (SIGKILL, pid %d)", process.name(), pid);
    }

    /** Stops a service if it runs (SIGTERM, SIGKILL after 10 s), starts it again and waits until it is ready. */
    public void restart(String cluster, String service) {
        ServiceProcess process = process(cluster, service);
        process.requestStop();
        process.awaitStopped(System.nanoTime() + STOP_GRACE.toNanos());
        Progress.Step step = progress.begin("restarting " + process.name());
        process.launch();
        workDir.recordPid(process.pid());
        writeProcesses();
        try {
            process.awaitReady(http, options.readyTimeout());
        } catch (RuntimeException e) {
            step.failed();
            throw e;
        }
        step.done("ready at " + process.url());
    }

    /**
     * Stops every service (SIGTERM, then SIGKILL after 10 s), then Prometheus and Zipkin (the services' last spans
     * are sent by then), Kafka and the API servers. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        supervisor.shutdownNow();
        List<ServiceProcess> running = new ArrayList<>(processes.values());
        running.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        running.forEach(p -> p.awaitStopped(deadline));
        if (observability != null) {
            observability.close(STOP_GRACE);
        }
        synchronized (this) {
            sampleBackends.values().forEach(HttpBackend::close);
        }
        if (wanApi != null) {
            wanApi.close();
        }
        if (wan != null) {
            wan.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        clients.values().forEach(KubernetesClient::close);
        apiServers.values().forEach(RunningApiServer::close);
        workDir.release();
        progress.line("stopped %d services%s%s%s and %d API servers", running.size(), kafka == null ? "" : ", kafka",
                wan == null ? "" : ", the WAN emulator", observability == null ? "" : ", Prometheus, Zipkin",
                apiServers.size());
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook is already running
        }
    }
}
