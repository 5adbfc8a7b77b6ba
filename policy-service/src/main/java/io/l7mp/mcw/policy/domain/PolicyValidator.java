package io.l7mp.mcw.policy.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.Sla;

/**
 * Validates every WANPolicy of a cluster at once. Validation is a function of the whole set, not of one
 * policy: the SD-WAN classifies traffic by destination port, so a port may carry only one tunnel, and
 * whether a policy keeps its port depends on the others. Deleting or fixing a policy can therefore turn
 * another one from rejected into accepted, which is why callers re-validate all policies on every change.
 *
 * <p>
 * Port ownership: among the policies that are otherwise valid, the oldest (creationTimestamp, then
 * name) decides the tunnel of its port; younger policies naming the same port with the same tunnel
 * share it, those with another tunnel are rejected with {@link Reason#PORT_CONFLICT}. The result does
 * not depend on the order of the input.
 */
public final class PolicyValidator {
    /** Oldest first; policies without a creation time after all others; name breaks ties. */
    static final Comparator<PolicyDefinition> AGE = Comparator
            .comparing(PolicyDefinition::createdAt, Comparator.nullsLast(Comparator.<Instant> naturalOrder()))
            .thenComparing(PolicyDefinition::name);

    private PolicyValidator() {
    }

    /**
     * @return a verdict per policy name, sorted by name
     * @throws IllegalArgumentException when two policies have the same name
     */
    public static SortedMap<String, Verdict> validate(Collection<PolicyDefinition> policies) {
        Map<String, List<Problem>> own = new HashMap<>();
        for (PolicyDefinition p : policies) {
            if (own.put(p.name(), fieldProblems(p)) != null) {
                throw new IllegalArgumentException("two WANPolicies named " + p.name() + ", expected unique names");
            }
        }
        Map<Integer, PolicyDefinition> holders = portHolders(policies, own);
        SortedMap<String, Verdict> verdicts = new TreeMap<>();
        for (PolicyDefinition p : policies) {
            List<Problem> problems = new ArrayList<>(own.get(p.name()));
            conflict(p, holders).ifPresent(problems::add);
            problems.sort(Comparator.comparing(Problem::reason));
            verdicts.put(p.name(), problems.isEmpty() ? new Verdict.Accepted(p) : new Verdict.Rejected(p, problems));
        }
        return verdicts;
    }

    /** The oldest otherwise-valid policy of each port: its tunnel is the port's tunnel. */
    private static Map<Integer, PolicyDefinition> portHolders(Collection<PolicyDefinition> policies,
            Map<String, List<Problem>> own) {
        Map<Integer, PolicyDefinition> holders = new HashMap<>();
        policies.stream().filter(p -> own.get(p.name()).isEmpty()).sorted(AGE)
                .forEach(p -> holders.putIfAbsent(p.port(), p));
        return holders;
    }

    private static Optional<Problem> conflict(PolicyDefinition p, Map<Integer, PolicyDefinition> holders) {
        if (!validPort(p.port()) || blank(p.tunnel())) {
            return Optional.empty();
        }
        PolicyDefinition holder = holders.get(p.port());
        if (holder == null || holder.name().equals(p.name()) || holder.sameTunnelAs(p) || AGE.compare(holder, p) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Problem(Reason.PORT_CONFLICT,
                "spec.port is " + p.port() + " for tunnel " + p.tunnel()
                        + ", expected a port no other tunnel uses: the older WANPolicy " + holder.name()
                        + " holds it for tunnel " + holder.tunnel()));
    }

    /** Problems of the policy on its own, without looking at the others. */
    static List<Problem> fieldProblems(PolicyDefinition p) {
        List<Problem> problems = new ArrayList<>();
        if (p.port() == null) {
            problems.add(new Problem(Reason.INVALID_PORT, "spec.port is missing, expected 1-65535"));
        } else if (!validPort(p.port())) {
            problems.add(new Problem(Reason.INVALID_PORT, "spec.port is " + p.port() + ", expected 1-65535"));
        }
        slaProblems(p.sla(), problems);
        if (p.tunnel() == null) {
            problems.add(new Problem(Reason.MISSING_TUNNEL, "spec.tunnel is missing, expected the name of an SD-WAN tunnel"));
        } else if (p.tunnel().isBlank()) {
            problems.add(new Problem(Reason.MISSING_TUNNEL,
                    "spec.tunnel is '" + p.tunnel() + "', expected the name of an SD-WAN tunnel"));
        }
        if (p.dscp() != null && (p.dscp() < 0 || p.dscp() > 63)) {
            problems.add(new Problem(Reason.INVALID_DSCP, "spec.dscp is " + p.dscp() + ", expected 0-63"));
        }
        failoverProblems(p, problems);
        return problems;
    }

    private static void slaProblems(Sla sla, List<Problem> problems) {
        if (sla == null) {
            return;
        }
        bound("spec.sla.latency-ms", sla.latencyMs(), Double.MAX_VALUE, ">= 0", problems);
        bound("spec.sla.jitter-ms", sla.jitterMs(), Double.MAX_VALUE, ">= 0", problems);
        bound("spec.sla.loss-percent", sla.lossPercent(), 100, "0-100", problems);
    }

    private static void bound(String field, Double value, double max, String expected, List<Problem> problems) {
        if (value != null && (!Double.isFinite(value) || value < 0 || value > max)) {
            problems.add(new Problem(Reason.INVALID_SLA, field + " is " + number(value) + ", expected " + expected));
        }
    }

    private static void failoverProblems(PolicyDefinition p, List<Problem> problems) {
        List<String> names = p.failover();
        for (int i = 0; i < names.size(); i++) {
            String entry = names.get(i);
            String field = "spec.failover.policies[" + i + "]";
            if (blank(entry)) {
                problems.add(new Problem(Reason.INVALID_FAILOVER,
                        field + " is '" + (entry == null ? "" : entry) + "', expected the name of another WANPolicy"));
            } else if (entry.equals(p.name())) {
                problems.add(new Problem(Reason.INVALID_FAILOVER,
                        field + " is " + entry + ", expected another WANPolicy than this one"));
            }
        }
        if (p.holdDownSeconds() != null && p.holdDownSeconds() < 0) {
            problems.add(new Problem(Reason.INVALID_FAILOVER,
                    "spec.failover.hold-down-seconds is " + p.holdDownSeconds() + ", expected >= 0"));
        }
    }

    private static boolean validPort(Integer port) {
        return port != null && port >= 1 && port <= 65535;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** {@code -5} rather than {@code -5.0}: the value as the user wrote it in YAML. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
