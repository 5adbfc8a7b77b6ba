package io.l7mp.mcw.sandbox.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Two HAProxy processes configured as the MCW gateway pair is: an "egress" proxy in the client cluster that adds
 * {@code x-mcw-source-cluster} and forwards over pooled keep-alive connections to an "ingress" proxy in the serving
 * cluster, which forwards to the backend. HTTP mode on both (each parses and rewrites every request, as the gateways
 * do), keep-alive on every hop, no logging. This is the well-known proxy the gateway pair is compared with (DESIGN
 * D11); it needs Debian's {@code haproxy} package, which {@code bin/sandbox-bench-gateway} installs.
 * <p>
 * The {@link Mode} says what the pair carries: HTTP/1.1 (as above), HTTP/2 (the same, with HTTP/2 on every hop, for
 * h2c and gRPC), or opaque TCP (bytes only, as the gateways carry a port named {@code tcp-*}).
 */
public final class HaproxyPair implements AutoCloseable {

    /** What the pair carries, and so how both proxies are configured. */
    public enum Mode {
        /** HTTP/1.1 keep-alive on every hop. */
        HTTP1,
        /** HTTP/2 with prior knowledge on every hop ({@code proto h2} on the binds and the servers): h2c and gRPC. */
        H2,
        /** {@code mode tcp} on both: bytes are relayed, nothing is parsed or added. */
        TCP
    }

    /**
     * Where the egress proxy listens, where the ingress one listens, and the backend behind it.
     *
     * @param tunnelHost where the egress proxy dials the ingress one: the sandbox's WAN address of the ingress'
     *        cluster, so that the pair crosses the WAN emulator as the gateways do (the emulator relays that address's
     *        {@code ingressPort} to {@code ingressHost}); {@code ingressHost} itself to go straight there
     */
    public record Layout(String egressHost, int egressPort, String ingressHost, int ingressPort, String backendHost,
            int backendPort, String sourceCluster, String tunnelHost) {

        /** A pair whose egress proxy dials the ingress one directly. */
        public Layout(String egressHost, int egressPort, String ingressHost, int ingressPort, String backendHost,
                int backendPort, String sourceCluster) {
            this(egressHost, egressPort, ingressHost, ingressPort, backendHost, backendPort, sourceCluster,
                    ingressHost);
        }

        /**
         * The egress proxy's server address; across the emulator it leaves from the egress proxy's own address, as a
         * gateway leaves from its cluster's, so the emulator counts it on the path between the two clusters.
         */
        String ingressServer() {
            return tunnelHost + ":" + ingressPort + (tunnelHost.equals(ingressHost) ? "" : " source " + egressHost);
        }
    }

    private final List<Process> processes;
    private final Layout layout;
    private final Mode mode;

    private HaproxyPair(List<Process> processes, Layout layout, Mode mode) {
        this.processes = processes;
        this.layout = layout;
        this.mode = mode;
    }

    /** The haproxy binary on the PATH, or in the sbin directories Debian installs it to. */
    public static Optional<Path> find() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "haproxy"))
                .filter(Files::isExecutable).findFirst();
    }

    /** The egress proxy's configuration: the client cluster's side, one pooled backend toward the ingress. */
    static String egressConfig(Layout layout) {
        return common() + String.format(Locale.ROOT, """
                frontend egress
                    bind %s:%d
                    http-request set-header x-mcw-source-cluster %s
                    default_backend tunnel

                backend tunnel
                    http-reuse always
                    server ingress %s
                """, layout.egressHost(), layout.egressPort(), layout.sourceCluster(), layout.ingressServer());
    }

    /** The egress proxy's configuration for {@code mode}. */
    static String egressConfig(Layout layout, Mode mode) {
        return switch (mode) {
            case HTTP1 -> egressConfig(layout);
            case H2 -> common() + String.format(Locale.ROOT, """
                    frontend egress
                        bind %s:%d proto h2
                        http-request set-header x-mcw-source-cluster %s
                        default_backend tunnel

                    backend tunnel
                        http-reuse always
                        server ingress %s proto h2
                    """, layout.egressHost(), layout.egressPort(), layout.sourceCluster(), layout.ingressServer());
            case TCP -> commonTcp() + String.format(Locale.ROOT, """
                    frontend egress
                        bind %s:%d
                        default_backend tunnel

                    backend tunnel
                        server ingress %s
                    """, layout.egressHost(), layout.egressPort(), layout.ingressServer());
        };
    }

    /** The ingress proxy's configuration for {@code mode}. */
    static String ingressConfig(Layout layout, Mode mode) {
        return switch (mode) {
            case HTTP1 -> ingressConfig(layout);
            case H2 -> common() + String.format(Locale.ROOT, """
                    frontend ingress
                        bind %s:%d proto h2
                        default_backend service

                    backend service
                        http-reuse always
                        server backend %s:%d proto h2
                    """, layout.ingressHost(), layout.ingressPort(), layout.backendHost(), layout.backendPort());
            case TCP -> commonTcp() + String.format(Locale.ROOT, """
                    frontend ingress
                        bind %s:%d
                        default_backend service

                    backend service
                        server backend %s:%d
                    """, layout.ingressHost(), layout.ingressPort(), layout.backendHost(), layout.backendPort());
        };
    }

    /** The ingress proxy's configuration: the serving cluster's side, forwarding to the backend. */
    static String ingressConfig(Layout layout) {
        return common() + String.format(Locale.ROOT, """
                frontend ingress
                    bind %s:%d
                    default_backend service

                backend service
                    http-reuse always
                    server backend %s:%d
                """, layout.ingressHost(), layout.ingressPort(), layout.backendHost(), layout.backendPort());
    }

    private static String common() {
        return """
                global
                    maxconn 4000

                defaults
                    mode http
                    option http-keep-alive
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout http-keep-alive 60s

                """;
    }

    /** The defaults of a TCP pair: as {@link #common()} without the HTTP options, which mode tcp would ignore. */
    private static String commonTcp() {
        return """
                global
                    maxconn 4000

                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s

                """;
    }

    /** An HTTP/1.1 pair: {@link #start(Path, Path, Layout, Mode)} with {@link Mode#HTTP1}. */
    public static HaproxyPair start(Path haproxy, Path dir, Layout layout) throws IOException, InterruptedException {
        return start(haproxy, dir, layout, Mode.HTTP1);
    }

    /**
     * Writes both configurations for {@code mode} into {@code dir}, checks them with {@code haproxy -c}, starts both
     * proxies.
     */
    public static HaproxyPair start(Path haproxy, Path dir, Layout layout, Mode mode)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Process> started = new ArrayList<>();
        try {
            started.add(startOne(haproxy, dir, "ingress", ingressConfig(layout, mode)));
            waitForListener(layout.ingressHost(), layout.ingressPort(), started.get(0), dir.resolve(log("ingress")));
            started.add(startOne(haproxy, dir, "egress", egressConfig(layout, mode)));
            waitForListener(layout.egressHost(), layout.egressPort(), started.get(1), dir.resolve(log("egress")));
            return new HaproxyPair(List.copyOf(started), layout, mode);
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
    }

    private static Process startOne(Path haproxy, Path dir, String name, String config)
            throws IOException, InterruptedException {
        Path file = dir.resolve("haproxy-" + name + ".cfg");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Path log = dir.resolve(log(name));
        check(haproxy, file, log);
        // -db: stay in the foreground, so the process is the proxy and dies with this JVM's shutdown
        return new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Runs {@code haproxy -c} on {@code config}, its output going to {@code log}; fails with that output when haproxy
     * refuses the file.
     */
    static void check(Path haproxy, Path config, Path log) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(haproxy.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new IllegalStateException("haproxy -c " + config + " did not finish within 30 s");
        }
        if (check.exitValue() != 0) {
            throw new IllegalStateException("haproxy refused " + config + ": " + Files.readString(log).strip());
        }
    }

    private static String log(String name) {
        return "haproxy-" + name + ".log";
    }

    private static void waitForListener(String host, int port, Process process, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy for " + host + ":" + port + " exited with "
                        + process.exitValue() + "; its log " + log + " says: " + Files.readString(log).strip());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("haproxy did not listen on " + host + ":" + port + " within 10 s");
    }

    /** The two proxy processes, for their CPU time. */
    public List<ProcessHandle> processes() {
        return processes.stream().map(Process::toHandle).toList();
    }

    public Layout layout() {
        return layout;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
