package io.l7mp.mcw.api.mcs;

import java.time.Instant;

import io.l7mp.mcw.api.event.ExportedPolicy;

/** One exporting cluster of an aggregated service: where to reach it and over which policy. */
public record ClusterBackend(String cluster, String ingressAddress, ExportedPolicy policy, int readyEndpoints,
        Instant exportCreated) {
}
