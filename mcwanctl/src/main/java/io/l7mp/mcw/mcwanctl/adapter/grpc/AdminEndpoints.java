package io.l7mp.mcw.mcwanctl.adapter.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.l7mp.mcw.api.net.HostPort;
import io.l7mp.mcw.mcwanctl.UsageException;

/**
 * Where the gateway's admin API and the telemetry-service's API of each cluster (kubeconfig context) are:
 * <ol>
 * <li>{@code --gateway-admin [CONTEXT=]HOST:PORT} / {@code --telemetry [CONTEXT=]HOST:PORT}, without
 * {@code CONTEXT=} for the selected context;</li>
 * <li>else, when the kubeconfig is a sandbox's ({@code bin/sandbox}), its {@code processes} file next to it: lines
 * {@code <cluster>/<service> <pid> <http port>}, the gRPC APIs being served on the services' HTTP port on
 * 127.0.0.1.</li>
 * </ol>
 */
public final class AdminEndpoints {

    public static final String GATEWAY = "gateway-service";
    public static final String TELEMETRY = "telemetry-service";
    static final String PROCESSES_FILE = "processes";

    private final Map<String, Endpoint> endpoints;

    /** An address and where it came from, for messages. */
    public record Endpoint(HostPort address, String source) {
        @Override
        public String toString() {
            return address + " (" + source + ")";
        }
    }

    private AdminEndpoints(Map<String, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * @throws UsageException for a flag that is not {@code [CONTEXT=]HOST:PORT}
     */
    public static AdminEndpoints of(List<String> gatewayFlags, List<String> telemetryFlags, String selectedContext,
            Path kubeconfig) {
        Map<String, Endpoint> endpoints = new HashMap<>(sandboxProcesses(kubeconfig));
        flags(GATEWAY, "--gateway-admin", gatewayFlags, selectedContext, endpoints);
        flags(TELEMETRY, "--telemetry", telemetryFlags, selectedContext, endpoints);
        return new AdminEndpoints(Map.copyOf(endpoints));
    }

    public Optional<Endpoint> gateway(String context) {
        return Optional.ofNullable(endpoints.get(key(context, GATEWAY)));
    }

    public Optional<Endpoint> telemetry(String context) {
        return Optional.ofNullable(endpoints.get(key(context, TELEMETRY)));
    }

    private static void flags(String service, String flag, List<String> values, String selectedContext,
            Map<String, Endpoint> endpoints) {
        for (String value : values) {
            int equals = value.indexOf('=');
            String context = equals < 0 ? selectedContext : value.substring(0, equals);
            String address = equals < 0 ? value : value.substring(equals + 1);
            try {
                endpoints.put(key(context, service), new Endpoint(HostPort.parseWithPort(address), flag));
            } catch (IllegalArgumentException e) {
                throw new UsageException(flag + " " + value + ": " + e.getMessage()
                        + " (the form is [CONTEXT=]HOST:PORT)");
            }
        }
    }

    /** The sandbox's processes file next to its kubeconfig; services whose process is gone are left out. */
    static Map<String, Endpoint> sandboxProcesses(Path kubeconfig) {
        Path parent = kubeconfig.toAbsolutePath().getParent();
        Path file = parent == null ? null : parent.resolve(PROCESSES_FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, Endpoint> endpoints = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length != 3 || !fields[0].contains("/")) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(fields[1]);
                    int port = Integer.parseInt(fields[2]);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        endpoints.put(fields[0], new Endpoint(HostPort.parse("127.0.0.1:" + port), "sandbox " + file));
                    }
                } catch (IllegalArgumentException e) {
                    // a line this version does not understand: the flags still work
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return endpoints;
    }

    private static String key(String context, String service) {
        return context + "/" + service;
    }
}
