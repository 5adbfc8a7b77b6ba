package io.l7mp.mcw.gateway.domain;

import java.util.List;
import java.util.Optional;

/**
 * A service imported into this cluster (its ServiceImport), with the egress port of every service port.
 *
 * @param source where its exporting clusters come from: the event bus, or a static ingress it is pinned to
 */
public record ImportedService(String namespace, String name, List<ImportedPort> ports, ImportSource source) {
    public ImportedService {
        new ServiceKey(namespace, name); // validates both names
        ports = ports == null ? List.of() : List.copyOf(ports);
        source = source == null ? ImportSource.EVENT_BUS : source;
    }

    /** An import of the exports on the event bus. */
    public ImportedService(String namespace, String name, List<ImportedPort> ports) {
        this(namespace, name, ports, ImportSource.EVENT_BUS);
    }

    public ServiceKey key() {
        return new ServiceKey(namespace, name);
    }

    public Optional<ImportedPort> port(int number) {
        return ports.stream().filter(p -> p.port() == number).findFirst();
    }
}
