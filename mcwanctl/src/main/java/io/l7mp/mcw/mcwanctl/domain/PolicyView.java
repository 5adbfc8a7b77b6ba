package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/**
 * One WANPolicy of a cluster, as {@code mcwanctl policies} prints it. Fields the object lacks, or that do not have
 * the type the CRD says, are null; {@code problem} then says what was wrong.
 */
public record PolicyView(String name, String tunnel, Integer port, Double latencyMs, Double jitterMs,
        Double lossPercent, Integer dscp, List<String> failover, String accepted, String reason, String message,
        String created, String problem) {
}
