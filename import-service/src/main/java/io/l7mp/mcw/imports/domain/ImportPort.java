package io.l7mp.mcw.imports.domain;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportPort;

/** A port of a ServiceImport (KEP-1645 ServicePort). */
public record ImportPort(String name, String protocol, String appProtocol, int port) {
    public ImportPort {
        protocol = protocol == null ? "TCP" : protocol;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ImportPort.port is " + port + ", expected 1-65535");
        }
    }

    public static ImportPort of(ExportPort p) {
        return new ImportPort(p.name(), p.protocol(), p.appProtocol(), p.port());
    }

    /** Whether {@code egress} was allocated for this port (same name, protocol and number). */
    public boolean matches(EgressPort egress) {
        return nameOrEmpty(name).equals(nameOrEmpty(egress.name())) && protocol.equals(egress.protocol())
                && port == egress.port();
    }

    /** {@code name/protocol/port}, the identity of the port in allocations and messages. */
    public String id() {
        return nameOrEmpty(name) + "/" + protocol + "/" + port;
    }

    static String nameOrEmpty(String name) {
        return name == null ? "" : name;
    }
}
