package io.l7mp.mcw.api.event;

/** A port of an exported Service. */
public record ExportPort(String name, String protocol, String appProtocol, int port) {

    /** The protocol of a Service port without one (Kubernetes' default). */
    public static final String TCP = "TCP";

    public ExportPort {
        protocol = protocol == null ? TCP : protocol;
        Required.port(port, "ExportPort", "port");
    }

    /**
     * Whether MCW's gateways carry this port across the WAN: TCP only. A UDP or SCTP port has no listener in the
     * egress and ingress gateways, so it is refused on the export rather than imported as if it worked.
     */
    public boolean carried() {
        return TCP.equals(protocol);
    }

    /** "'http' 8080/TCP", or "8080/TCP" for an unnamed port: how messages name a port. */
    public String describe() {
        String number = port + "/" + protocol;
        return name == null || name.isEmpty() ? number : "'" + name + "' " + number;
    }
}
