package io.l7mp.mcw.api.event;

/** A port of an exported Service. */
public record ExportPort(String name, String protocol, String appProtocol, int port) {
    public ExportPort {
        protocol = protocol == null ? "TCP" : protocol;
        Required.port(port, "ExportPort", "port");
    }
}
