package io.l7mp.mcw.policy.adapter.k8s;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.crd.WANPolicyFailover;
import io.l7mp.mcw.api.crd.WANPolicySla;
import io.l7mp.mcw.api.crd.WANPolicySpec;
import io.l7mp.mcw.api.crd.WANPolicyStatus;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.policy.domain.AcceptedCondition;
import io.l7mp.mcw.policy.domain.ObservedPolicy;
import io.l7mp.mcw.policy.domain.PolicyDefinition;
import io.l7mp.mcw.policy.domain.PolicyStatus;

/** Maps the WANPolicy CRD object to the domain and a domain status back onto a copy of the object. */
public final class WanPolicyMapper {
    private WanPolicyMapper() {
    }

    public static ObservedPolicy observed(WANPolicy policy) {
        return new ObservedPolicy(definition(policy), status(policy.getStatus()));
    }

    public static PolicyDefinition definition(WANPolicy policy) {
        ObjectMeta meta = policy.getMetadata();
        WANPolicySpec spec = policy.getSpec() == null ? new WANPolicySpec() : policy.getSpec();
        WANPolicyFailover failover = spec.getFailover();
        return new PolicyDefinition(meta.getName(), instant(meta.getCreationTimestamp()), meta.getGeneration(),
                spec.getTunnel(), spec.getPort(), sla(spec.getSla()), spec.getDscp(),
                failover == null ? List.of() : failover.getPolicies(),
                failover == null ? null : failover.getHoldDownSeconds());
    }

    private static Sla sla(WANPolicySla sla) {
        return sla == null ? null : new Sla(sla.getLatencyMs(), sla.getJitterMs(), sla.getLossPercent());
    }

    static PolicyStatus status(WANPolicyStatus status) {
        if (status == null) {
            return PolicyStatus.NONE;
        }
        AcceptedCondition accepted = status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> AcceptedCondition.TYPE.equals(c.getType())).findFirst()
                        .map(c -> new AcceptedCondition(c.getStatus(), c.getReason(), c.getMessage(),
                                c.getObservedGeneration(), instant(c.getLastTransitionTime())))
                        .orElse(null);
        return new PolicyStatus(status.getObservedGeneration(), accepted);
    }

    /**
     * A copy of {@code current} (the informer's object must not be modified) carrying {@code status};
     * conditions of other types that someone else wrote are kept.
     */
    public static WANPolicy withStatus(WANPolicy current, PolicyStatus status) {
        WANPolicy copy = new WANPolicy();
        copy.setMetadata(new ObjectMetaBuilder(current.getMetadata()).build());
        copy.setSpec(current.getSpec());
        List<Condition> conditions = new ArrayList<>();
        if (current.getStatus() != null && current.getStatus().getConditions() != null) {
            current.getStatus().getConditions().stream().filter(c -> !AcceptedCondition.TYPE.equals(c.getType()))
                    .forEach(conditions::add);
        }
        AcceptedCondition a = status.accepted();
        conditions.add(0, new ConditionBuilder().withType(AcceptedCondition.TYPE).withStatus(a.status())
                .withReason(a.reason()).withMessage(a.message()).withObservedGeneration(a.observedGeneration())
                .withLastTransitionTime(a.lastTransitionTime() == null ? null : a.lastTransitionTime().toString())
                .build());
        WANPolicyStatus out = new WANPolicyStatus();
        out.setObservedGeneration(status.observedGeneration());
        out.setConditions(conditions);
        copy.setStatus(out);
        return copy;
    }

    /** Null when absent or not RFC 3339: such a time is treated as unknown, not as an error. */
    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
