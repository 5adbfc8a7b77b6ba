package io.l7mp.mcw.export.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.mcs.ExportConflict;

/**
 * The wording of the ServiceExport conditions. Each message names the object, what is wrong and what
 * happens next, so that an operator reading {@code kubectl describe} knows what to do.
 */
final class ExportConditions {
    /** The annotation that names an export's WAN policy (the WANPolicy CRD class is not a domain type). */
    static final String POLICY_ANNOTATION = "mcw.l7mp.io/mc-wan-policy";
    static final String DEFAULT_POLICY_KEY = "mcw.export.default-policy";

    private ExportConditions() {
    }

    static ExportCondition valid(ExportRef ref, boolean serviceExists) {
        if (serviceExists) {
            return ExportCondition.isTrue(ExportCondition.VALID, ExportCondition.REASON_SERVICE_FOUND,
                    "Service " + ref + " exists");
        }
        return ExportCondition.isFalse(ExportCondition.VALID, ExportCondition.REASON_SERVICE_NOT_FOUND,
                "Service " + ref + " not found; a ServiceExport exports the Service of the same namespace and name,"
                        + " and is published as soon as it exists");
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
            return ExportCondition.isFalse(ExportCondition.CONFLICT, ExportCondition.REASON_NO_CONFLICT,
                    "no conflict with the exports of other clusters");
        }
        String message = conflicts.stream().map(ExportConflict::message).collect(Collectors.joining("; "));
        return ExportCondition.isTrue(ExportCondition.CONFLICT, conflicts.get(0).reason().name(), message);
    }

    static ExportCondition notCompared(ExportRef ref) {
        return ExportCondition.isFalse(ExportCondition.CONFLICT, ExportCondition.REASON_NO_CONFLICT,
                "ServiceExport " + ref + " is not published, so it is not compared with other clusters' exports");
    }

    static ExportCondition exported(ExportEvent event) {
        return ExportCondition.isTrue(ExportCondition.READY, ExportCondition.REASON_EXPORTED,
                "published as " + event.key() + " over WANPolicy " + event.policy().name() + " (tunnel "
                        + event.policy().tunnel() + ", port " + event.policy().port() + ")");
    }

    static ExportCondition waiting(ExportCondition... causes) {
        List<String> messages = new ArrayList<>();
        for (ExportCondition c : causes) {
            if (!c.status()) {
                messages.add(c.message());
            }
        }
        return ExportCondition.isFalse(ExportCondition.READY, ExportCondition.REASON_WAITING,
                "not published: " + String.join("; ", messages));
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
