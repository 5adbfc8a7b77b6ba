package io.l7mp.mcw.gateway.domain;

import java.util.List;
import java.util.Optional;

/** A service imported into this cluster (its ServiceImport), with the egress port of every service port. */
public record ImportedService(String namespace, String name, List<ImportedPort> ports) {
    public ImportedService {
        new ServiceKey(namespace, name); // validates both names
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public ServiceKey key() {
        return new ServiceKey(namespace, name);
    }

    public Optional<ImportedPort> port(int number) {
        return ports.stream().filter(p -> p.port() == number).findFirst();
    }
}
