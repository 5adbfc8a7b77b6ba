package io.l7mp.mcw.gateway.domain;

import java.util.List;
import java.util.Optional;

/**
 * A service this cluster exports, reachable through its ingress gateway.
 *
 * @param policy the WAN policy the export names
 */
public record ExportedService(ServiceKey service, String policy, List<ExportedPort> ports) {
    public ExportedService {
        ports = List.copyOf(ports);
    }

    public Optional<ExportedPort> port(int number) {
        return ports.stream().filter(p -> p.port() == number).findFirst();
    }

    /** The port an authority without {@code :port} means: the only port, else port 80 when there is one. */
    public Optional<ExportedPort> defaultPort() {
        return ports.size() == 1 ? Optional.of(ports.get(0)) : port(80);
    }
}
