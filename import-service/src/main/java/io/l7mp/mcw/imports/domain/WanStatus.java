package io.l7mp.mcw.imports.domain;

import java.util.List;

/** The WAN part of a ServiceImport's status: the {@code WANPolicySatisfied} condition and {@code status.tunnels}. */
public record WanStatus(ImportCondition condition, List<ImportTunnel> tunnels) {
    public WanStatus {
        tunnels = List.copyOf(tunnels);
    }
}
