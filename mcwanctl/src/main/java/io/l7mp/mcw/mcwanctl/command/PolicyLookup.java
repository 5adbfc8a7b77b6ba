package io.l7mp.mcw.mcwanctl.command;

import java.util.List;
import java.util.Optional;

import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Views;
import io.l7mp.mcw.mcwanctl.domain.PolicyResolution;
import io.l7mp.mcw.mcwanctl.domain.PolicyResolver;
import io.l7mp.mcw.mcwanctl.domain.PolicyView;

/** {@code --wan-policy=P} resolved against one cluster's WANPolicies, with what the user is told on the way. */
final class PolicyLookup {

    private PolicyLookup() {
    }

    /**
     * @return the WANPolicy's name
     * @throws CliException when no policy or several match, listing the candidates
     */
    static String resolve(McwanctlCommand root, ClusterConnection cluster, String requested) {
        List<PolicyView> policies = cluster.wanPolicyObjects().stream().map(Views::policy).toList();
        PolicyResolution resolution = PolicyResolver.resolve(requested,
                policies.stream().map(PolicyView::name).toList());
        String name = name(root, cluster, requested, resolution);
        warnIfNotAccepted(root, policies.stream().filter(p -> p.name().equals(name)).findFirst());
        return name;
    }

    // Java 17: no pattern matching in switch yet
    private static String name(McwanctlCommand root, ClusterConnection cluster, String requested,
            PolicyResolution resolution) {
        if (resolution instanceof PolicyResolution.Exact exact) {
            return exact.policy();
        }
        if (resolution instanceof PolicyResolution.BySuffix bySuffix) {
            root.note("note: --wan-policy=" + requested + " is WANPolicy " + bySuffix.policy()
                    + " (no policy is named '" + requested + "'; it is the only one ending in '-" + requested + "')");
            return bySuffix.policy();
        }
        if (resolution instanceof PolicyResolution.Ambiguous ambiguous) {
            throw new CliException("--wan-policy=" + requested + " is ambiguous in context '" + cluster.context()
                    + "': " + String.join(", ", ambiguous.candidates()) + " all end in '-" + requested
                    + "'; give the full name, e.g. --wan-policy=" + ambiguous.candidates().get(0));
        }
        PolicyResolution.NotFound notFound = (PolicyResolution.NotFound) resolution;
        throw new CliException("no WANPolicy '" + requested + "' in context '" + cluster.context()
                + "' (nor one ending in '-" + requested + "'); " + (notFound.available().isEmpty()
                        ? "the cluster has no WANPolicy: apply one first (k8s/examples/service-level/wanpolicies.yaml)"
                        : "its policies: " + String.join(", ", notFound.available()) + " (mcwanctl policies shows them)"));
    }

    private static void warnIfNotAccepted(McwanctlCommand root, Optional<PolicyView> policy) {
        policy.filter(p -> "False".equals(p.accepted())).ifPresent(p -> root.note("warning: WANPolicy " + p.name()
                + " is not accepted (" + p.reason() + ": " + p.message() + "); traffic waits until it is"));
    }
}
