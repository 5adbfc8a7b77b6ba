package io.l7mp.mcw.export.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.mcs.ExportConflict;
import io.l7mp.mcw.api.mcs.McsConditions;

/**
 * The wording of the ServiceExport conditions. Each message names the object, what is wrong and what
 * happens next, so that an operator reading {@code kubectl describe} knows what to do.
 */
final class ExportConditions {
    /** The annotation that names an export's WAN policy (the WANPolicy CRD class is not a domain type). */
    static final String POLICY_ANNOTATION = "mcw.l7mp.io/mc-wan-policy";
    static final String DEFAULT_POLICY_KEY = "mcw.export.default-policy";
    /** Reasons of a Valid=False that only a change of the Service itself clears. */
    private static final Set<String> FAILED_CAUSES = Set.of(McsConditions.REASON_INVALID_SERVICE_TYPE,
            McsConditions.REASON_UNSUPPORTED_PROTOCOL);

    private ExportConditions() {
    }

    static ExportCondition valid(ExportRef ref, Optional<LocalService> service) {
        String type = ExportCondition.VALID;
        if (service.isEmpty()) {
            return ExportCondition.isFalse(type, McsConditions.REASON_NO_SERVICE, "Service " + ref + " not found; a"
                    + " ServiceExport exports the Service of the same namespace and name, and is published as soon as"
                    + " it exists");
        }
        LocalService s = service.get();
        if (s.externalName()) {
            return ExportCondition.isFalse(type, McsConditions.REASON_INVALID_SERVICE_TYPE, "Service " + ref
                    + " has spec.type ExternalName, which cannot be exported (KEP-1645: create the ExternalName"
                    + " Service in each cluster instead); expected ClusterIP, NodePort or LoadBalancer");
        }
        if (!s.ports().isEmpty() && s.carriedPorts().isEmpty()) {
            return ExportCondition.isFalse(type, McsConditions.REASON_UNSUPPORTED_PROTOCOL, "Service " + ref
                    + " has no port MCW can carry: spec.ports " + describe(s.ports()) + "; MCW's gateways carry TCP"
                    + " only; expected at least one TCP port");
        }
        return ExportCondition.isTrue(type, McsConditions.REASON_VALID,
                "Service " + ref + " exists and can be exported as " + exportType(s));
    }

    /** Which ports cross the WAN: unknown until there is a Service that can be exported. */
    static ExportCondition portsCarried(ExportRef ref, Optional<LocalService> service, ExportCondition valid) {
        String type = ExportCondition.PORTS_CARRIED;
        if (service.isEmpty() || service.get().externalName()) {
            return ExportCondition.unknown(type, valid.reason(), "not checked: " + valid.message());
        }
        LocalService s = service.get();
        if (s.refusedPorts().isEmpty()) {
            return ExportCondition.isTrue(type, McsConditions.REASON_ALL_PORTS_CARRIED, s.ports().isEmpty()
                    ? "Service " + ref + " has no ports"
                    : "every port of Service " + ref + " crosses the WAN: " + describe(s.ports()));
        }
        String exported = s.carriedPorts().isEmpty() ? "no port is left to export"
                : "exported: " + describe(s.carriedPorts());
        return ExportCondition.isFalse(type, McsConditions.REASON_UNSUPPORTED_PROTOCOL, "spec.ports "
                + describe(s.refusedPorts()) + " of Service " + ref + " not carried: MCW's gateways carry TCP only"
                + " (UDP and SCTP across the WAN are not supported yet), so these ports get no egress port and are"
                + " not listed on the ServiceImport; " + exported);
    }

    static ExportCondition policy(LocalExport export, PolicyResolution resolution) {
        String type = ExportCondition.WAN_POLICY_RESOLVED;
        if (resolution instanceof PolicyResolution.Resolved r) {
            return ExportCondition.isTrue(type, ExportCondition.REASON_RESOLVED,
                    "WANPolicy " + r.policy().name() + " resolved (" + source(export) + "): " + describe(r.policy()));
        }
        if (resolution instanceof PolicyResolution.NotFound n) {
            return ExportCondition.isFalse(type, ExportCondition.REASON_POLICY_NOT_FOUND,
                    "WANPolicy " + n.name() + " not found (" + source(export) + "); the export is not published"
                            + " over any other tunnel: it waits until a WANPolicy named " + n.name() + " is accepted");
        }
        if (resolution instanceof PolicyResolution.NotAccepted n) {
            return ExportCondition.isFalse(type, ExportCondition.REASON_POLICY_NOT_ACCEPTED,
                    "WANPolicy " + n.name() + " is not accepted (" + source(export) + "): " + n.detail()
                            + "; the export waits until it is accepted");
        }
        return ExportCondition.isFalse(type, ExportCondition.REASON_POLICY_NOT_SPECIFIED,
                "ServiceExport " + export.ref() + " has no annotation " + POLICY_ANNOTATION
                        + " and no default policy is configured (" + DEFAULT_POLICY_KEY
                        + "); expected the name of a WANPolicy in the annotation");
    }

    static ExportCondition conflict(List<ExportConflict> conflicts) {
        if (conflicts.isEmpty()) {
            return ExportCondition.isFalse(ExportCondition.CONFLICT, McsConditions.REASON_NO_CONFLICTS,
                    "no conflict with the exports of other clusters");
        }
        String message = conflicts.stream().map(ExportConflict::message).collect(Collectors.joining("; "));
        return ExportCondition.isTrue(ExportCondition.CONFLICT, McsConditions.conflictReason(conflicts), message);
    }

    static ExportCondition notCompared(ExportRef ref) {
        return ExportCondition.isFalse(ExportCondition.CONFLICT, McsConditions.REASON_NO_CONFLICTS,
                "ServiceExport " + ref + " is not published, so it is not compared with other clusters' exports");
    }

    static ExportCondition exported(ExportEvent event) {
        String left = event.refusedPorts().isEmpty() ? ""
                : "; without " + describe(event.refusedPorts()) + " (see PortsCarried)";
        return ExportCondition.isTrue(ExportCondition.READY, McsConditions.REASON_EXPORTED,
                "published as " + event.key() + " over WANPolicy " + event.policy().name() + " (tunnel "
                        + event.policy().tunnel() + ", port " + event.policy().port() + ")" + left);
    }

    /**
     * Not published: {@code Failed} when the Service cannot be exported as it is (its type, or no port that can be
     * carried), {@code Pending} when the export goes out by itself once what it waits for is there.
     */
    static ExportCondition notPublished(ExportCondition... causes) {
        List<String> messages = new ArrayList<>();
        boolean failed = false;
        for (ExportCondition c : causes) {
            if (!c.holds()) {
                messages.add(c.message());
                failed |= FAILED_CAUSES.contains(c.reason());
            }
        }
        return ExportCondition.isFalse(ExportCondition.READY,
                failed ? McsConditions.REASON_FAILED : McsConditions.REASON_PENDING,
                "not published: " + String.join("; ", messages));
    }

    private static String exportType(LocalService s) {
        return s.headless() ? Mcs.TYPE_HEADLESS : Mcs.TYPE_CLUSTER_SET_IP;
    }

    /** "'http' 8080/TCP, 'dns' 53/UDP". */
    static String describe(List<ExportPort> ports) {
        return ports.stream().map(ExportPort::describe).collect(Collectors.joining(", "));
    }

    private static String source(LocalExport export) {
        return export.policyAnnotation().isPresent() ? "annotation " + POLICY_ANNOTATION + " of ServiceExport "
                + export.ref()
                : "default policy " + DEFAULT_POLICY_KEY + ", ServiceExport " + export.ref()
                        + " has no annotation " + POLICY_ANNOTATION;
    }

    /** "tunnel business, port 31111, SLA latency <= 100 ms, jitter <= 50 ms, loss <= 1 %". */
    static String describe(PolicyEvent policy) {
        String dscp = policy.dscp() == null ? "" : ", DSCP " + policy.dscp();
        return "tunnel " + policy.tunnel() + ", port " + policy.port() + ", SLA " + describe(policy.sla()) + dscp;
    }

    static String describe(Sla sla) {
        List<String> bounds = new ArrayList<>();
        if (sla.latencyMs() != null) {
            bounds.add("latency <= " + number(sla.latencyMs()) + " ms");
        }
        if (sla.jitterMs() != null) {
            bounds.add("jitter <= " + number(sla.jitterMs()) + " ms");
        }
        if (sla.lossPercent() != null) {
            bounds.add("loss <= " + number(sla.lossPercent()) + " %");
        }
        return bounds.isEmpty() ? "best effort" : String.join(", ", bounds);
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
