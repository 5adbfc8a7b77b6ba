package io.l7mp.mcw.api.event;

/** Default topic names (DESIGN D3). Services read the actual names from configuration. */
public final class Topics {
    public static final String POLICIES = "mcw.policies.v1";
    public static final String EXPORTS = "mcw.exports.v1";
    public static final String IMPORTS = "mcw.imports.v1";
    public static final String TUNNEL_HEALTH = "mcw.tunnel-health.v1";
    public static final String GATEWAY_EVENTS = "mcw.gateway-events.v1";
    public static final String DEAD_LETTER = "mcw.dead-letter.v1";

    private Topics() {
    }
}
