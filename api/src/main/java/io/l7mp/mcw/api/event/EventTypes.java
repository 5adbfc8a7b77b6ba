package io.l7mp.mcw.api.event;

/** CloudEvents {@code type} attribute of each event (docs/events.md). */
public final class EventTypes {
    public static final String POLICY = "io.l7mp.mcw.policy.v1";
    public static final String EXPORT = "io.l7mp.mcw.export.v1";
    public static final String IMPORT = "io.l7mp.mcw.import.v1";
    public static final String TUNNEL_HEALTH = "io.l7mp.mcw.tunnel-health.v1";
    public static final String GATEWAY = "io.l7mp.mcw.gateway.v1";

    private EventTypes() {
    }
}
