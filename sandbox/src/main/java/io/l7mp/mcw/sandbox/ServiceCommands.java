package io.l7mp.mcw.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line of each service process: the JVM options, the sandbox's configuration as {@code -D} options
 * (ordinary configuration keys, as a deployment would set them) and {@code -jar <module>/target/quarkus-app/quarkus-run.jar}.
 * <p>
 * {@code KUBECONFIG} points at a kubeconfig of the process's own cluster: Quarkus 3.33 fixes
 * {@code quarkus.kubernetes-client.*} at build time (it warns when it is set at run time), and the client falls back to
 * the kubeconfig; without this it would read the user's {@code ~/.kube/config} and talk to a real cluster.
 */
final class ServiceCommands {

    /** The gateway's Host-routing egress listener, on the cluster's own address. */
    static final int HOST_ROUTING_PORT = 15080;
    /** Nothing the sandbox runs may send a packet off this machine (DESIGN D10). */
    static final String LOOPBACK_ONLY = "127.0.0.0/8";

    private final SandboxOptions options;
    private final String bootstrapServers;
    private final FreePorts ports;

    ServiceCommands(SandboxOptions options, String bootstrapServers) {
        this(options, bootstrapServers, new FreePorts());
    }

    /** {@code ports} is shared with the sandbox's other processes, so that none gets a port a service got. */
    ServiceCommands(SandboxOptions options, String bootstrapServers, FreePorts ports) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.ports = ports;
    }

    /**
     * Fails with one message naming every missing jar and how to build it.
     *
     * @throws SandboxException when a service of {@code options} has not been packaged
     */
    static void requireJars(SandboxOptions options) {
        List<String> missing = options.services().stream()
                .filter(service -> !Files.isRegularFile(options.jarOf(service)))
                .map(service -> "  " + service + ": " + options.jarOf(service))
                .toList();
        if (!missing.isEmpty()) {
            throw new SandboxException("These services are not built (no packaged jar):\n" + String.join("\n", missing)
                    + "\nBuild them with: cd " + options.repoRoot() + " && ./mvnw -DskipTests package"
                    + " (or just these: ./mvnw -DskipTests package -am -pl "
                    + String.join(",", options.services()) + ")");
        }
    }

    /**
     * A process of {@code service} in {@code cluster} on a free HTTP port; not started yet. {@code kubeconfig} is
     * the cluster's own kubeconfig (its context the current one).
     */
    ServiceProcess process(String cluster, String service, String apiServerUrl, Path kubeconfig, Path logFile) {
        int port = ports.next();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("mcw.cluster.name", cluster);
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("quarkus.kubernetes-client.api-server-url", apiServerUrl);
        properties.put("quarkus.kubernetes-client.trust-certs", "true");
        properties.putAll(addressProperties(cluster, service));
        properties.putAll(options.systemProperties());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmArgs());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(options.jarOf(service).toString());
        return new ServiceProcess(cluster, service, port, command, options.workDir(), logFile,
                Map.of("KUBECONFIG", kubeconfig.toAbsolutePath().toString()));
    }

    /**
     * The loopback address of a cluster: {@code 127.0.0.N} for {@code cluster-N}. Linux routes all of 127/8 to the
     * loopback interface, so each cluster's gateway binds its own address and the tunnel and egress ports of two
     * clusters never collide.
     */
    static String address(String cluster) {
        int dash = cluster.lastIndexOf('-');
        try {
            int index = Integer.parseInt(cluster.substring(dash + 1));
            if (dash >= 0 && index >= 1 && index <= 254) {
                return "127.0.0." + index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Cluster names are cluster-1..cluster-254, got '" + cluster + "'");
    }

    /**
     * The WAN address of a cluster: {@code 127.0.1.N} for {@code cluster-N}, where the sandbox's WAN emulator
     * listens on every tunnel port for the cluster's ingress. Other clusters are told its ingress is there, so every
     * cross-cluster byte crosses the emulator (see {@code docs/wan-emulator.md}).
     */
    static String wanAddress(String cluster) {
        return address(cluster).replaceFirst("^127\\.0\\.0\\.", "127.0.1.");
    }

    /**
     * The address settings of each service: where it binds, what address it publishes for its cluster, where its
     * traffic to other clusters leaves from (the emulator tells the source cluster by it) and what it may dial.
     */
    private static Map<String, String> addressProperties(String cluster, String service) {
        // sorted, so the command line is the same on every run
        return new TreeMap<>(switch (service) {
            case "gateway-service" -> Map.of("mcw.gateway.ingress-host", address(cluster), "mcw.gateway.egress-host",
                    address(cluster), "mcw.gateway.egress-http-port", String.valueOf(HOST_ROUTING_PORT),
                    "mcw.network.wan-source-address", address(cluster), "mcw.network.allowed-cidrs", LOOPBACK_ONLY);
            case "telemetry-service" -> Map.of("mcw.network.wan-source-address", address(cluster),
                    "mcw.network.allowed-cidrs", LOOPBACK_ONLY);
            case "export-service" -> Map.of("mcw.export.ingress-address", wanAddress(cluster));
            case "import-service" -> Map.of("mcw.import.egress-address", address(cluster));
            default -> Map.of();
        });
    }
}
