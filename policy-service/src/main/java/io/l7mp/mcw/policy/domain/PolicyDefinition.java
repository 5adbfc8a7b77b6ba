package io.l7mp.mcw.policy.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.l7mp.mcw.api.event.Sla;

/**
 * A WANPolicy as the API server holds it, before validation: every spec field may be missing or wrong,
 * so they are all nullable. The k8s adapter maps the CRD object to this record.
 *
 * @param createdAt metadata.creationTimestamp; decides which policy keeps a contested port (null sorts last)
 * @param generation metadata.generation, null when the API server does not set it
 * @param sla null when the policy has no SLA (best effort)
 * @param failover names of the fallback policies in order; entries may be null or blank (invalid)
 */
public record PolicyDefinition(String name, Instant createdAt, Long generation, String tunnel, Integer port, Sla sla,
        Integer dscp, List<String> failover, Integer holdDownSeconds) {

    public PolicyDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("PolicyDefinition.name is missing, expected metadata.name of the WANPolicy");
        }
        // List.copyOf rejects null entries, which are a validation problem here, not a programming error
        failover = failover == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(failover));
    }

    /** A policy with just a tunnel and a port, the fields the seed always sets. */
    public static PolicyDefinition of(String name, Instant createdAt, String tunnel, Integer port) {
        return new PolicyDefinition(name, createdAt, 1L, tunnel, port, null, null, List.of(), null);
    }

    public PolicyDefinition withPort(Integer newPort) {
        return new PolicyDefinition(name, createdAt, generation, tunnel, newPort, sla, dscp, failover, holdDownSeconds);
    }

    public PolicyDefinition withTunnel(String newTunnel) {
        return new PolicyDefinition(name, createdAt, generation, newTunnel, port, sla, dscp, failover, holdDownSeconds);
    }

    public PolicyDefinition withSla(Sla newSla) {
        return new PolicyDefinition(name, createdAt, generation, tunnel, port, newSla, dscp, failover, holdDownSeconds);
    }

    public PolicyDefinition withDscp(Integer newDscp) {
        return new PolicyDefinition(name, createdAt, generation, tunnel, port, sla, newDscp, failover, holdDownSeconds);
    }

    public PolicyDefinition withFailover(List<String> newFailover, Integer newHoldDownSeconds) {
        return new PolicyDefinition(name, createdAt, generation, tunnel, port, sla, dscp, newFailover,
                newHoldDownSeconds);
    }

    public PolicyDefinition withCreatedAt(Instant newCreatedAt) {
        return new PolicyDefinition(name, newCreatedAt, generation, tunnel, port, sla, dscp, failover, holdDownSeconds);
    }

    public PolicyDefinition withGeneration(Long newGeneration) {
        return new PolicyDefinition(name, createdAt, newGeneration, tunnel, port, sla, dscp, failover, holdDownSeconds);
    }

    /** True when the tunnel names the same SD-WAN tunnel as {@code other}'s. */
    boolean sameTunnelAs(PolicyDefinition other) {
        return Objects.equals(tunnel, other.tunnel);
    }
}
