package io.l7mp.mcw.api.event;

/** The WAN policy an export travels on, resolved in the exporting cluster. */
public record ExportedPolicy(String name, String tunnel, int port, Sla sla, Integer dscp) {
    public ExportedPolicy {
        Required.text(name, "ExportedPolicy", "name");
        Required.text(tunnel, "ExportedPolicy", "tunnel");
        Required.port(port, "ExportedPolicy", "port");
        sla = sla == null ? Sla.BEST_EFFORT : sla;
    }

    public static ExportedPolicy of(PolicyEvent policy) {
        return new ExportedPolicy(policy.name(), policy.tunnel(), policy.port(), policy.sla(), policy.dscp());
    }
}
