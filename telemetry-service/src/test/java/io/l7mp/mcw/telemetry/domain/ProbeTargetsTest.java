package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;

/**
 * Each case: the exports and policies of a clusterset, seen from cluster-1; the targets it must probe, written
 * {@code destination/tunnel@address:port [policy*, policy]} (* marks the policies that use the tunnel), and words its
 * notices must contain.
 */
class ProbeTargetsTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("its own cluster is never a target",
                        List.of(export("cluster-1", "secure/payment", "10.0.1.1", 0)),
                        List.of(policy("cluster-1", "high", "business", 31111)),
                        List.of(), List.of()),
                Arguments.of("a cluster that exports nothing is not probed",
                        List.of(),
                        List.of(policy("cluster-2", "high", "business", 31111)),
                        List.of(), List.of()),
                Arguments.of("one tunnel of one peer",
                        List.of(export("cluster-2", "secure/payment", "10.0.2.1", 0)),
                        List.of(policy("cluster-2", "high", "business", 31111)),
                        List.of("cluster-2/business@10.0.2.1:31111 [high*]"), List.of()),
                Arguments.of("every tunnel of the peer's policies, not only those its exports use",
                        List.of(export("cluster-2", "secure/payment", "10.0.2.1", 0)),
                        List.of(policy("cluster-2", "low", "internet", 31113),
                                policy("cluster-2", "high", "business", 31111),
                                policy("cluster-2", "backup", "business", 31111)),
                        List.of("cluster-2/business@10.0.2.1:31111 [backup*, high*, low]",
                                "cluster-2/internet@10.0.2.1:31113 [backup, high, low*]"),
                        List.of()),
                Arguments.of("peers sorted by name, policies kept to their own cluster",
                        List.of(export("cluster-3", "a/x", "10.0.3.1", 0), export("cluster-2", "a/y", "10.0.2.1", 0),
                                export("cluster-1", "a/z", "10.0.1.1", 0)),
                        List.of(policy("cluster-3", "high", "business", 31111),
                                policy("cluster-2", "gold", "mpls", 32000),
                                policy("cluster-1", "own", "business", 31111)),
                        List.of("cluster-2/mpls@10.0.2.1:32000 [gold*]",
                                "cluster-3/business@10.0.3.1:31111 [high*]"),
                        List.of()),
                Arguments.of("a tunnel with two ports is probed on the lowest",
                        List.of(export("cluster-2", "secure/payment", "10.0.2.1", 0)),
                        List.of(policy("cluster-2", "high", "business", 31112),
                                policy("cluster-2", "medium", "business", 31111)),
                        List.of("cluster-2/business@10.0.2.1:31111 [high*, medium*]"),
                        List.of("cluster cluster-2 tunnel business: its policies name ports 31111, 31112 for the"
                                + " tunnel; probing the lowest, 31111")),
                Arguments.of("disagreeing addresses: the newest export's",
                        List.of(export("cluster-2", "secure/payment", "10.0.2.1", 0),
                                export("cluster-2", "shop/cart", "10.0.2.9", 60),
                                export("cluster-2", "shop/web", "10.0.2.1", 30)),
                        List.of(policy("cluster-2", "high", "business", 31111)),
                        List.of("cluster-2/business@10.0.2.9:31111 [high*]"),
                        List.of("cluster cluster-2: its exports name 2 ingress addresses (10.0.2.1, 10.0.2.9);"
                                + " probing 10.0.2.9, that of its newest export shop/cart")),
                Arguments.of("exports without any accepted policy: nothing to probe",
                        List.of(export("cluster-2", "secure/payment", "10.0.2.1", 0)),
                        List.of(),
                        List.of(),
                        List.of("cluster cluster-2: exports 1 service(s) but has no accepted WAN policy: no tunnel"
                                + " to probe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansTheTunnelsToProbe(String name, List<ExportEvent> exports, List<PolicyEvent> policies,
            List<String> expectedTargets, List<String> expectedNotices) {
        // Given
        Map<String, ExportEvent> exportView = exports.stream().collect(Collectors.toMap(ExportEvent::key, e -> e));
        Map<String, PolicyEvent> policyView = policies.stream().collect(Collectors.toMap(PolicyEvent::key, p -> p));

        // When
        ProbePlan plan = ProbeTargets.plan("cluster-1", exportView, policyView);

        // Then
        assertThat(plan.targets()).extracting(ProbeTargetsTest::render).containsExactlyElementsOf(expectedTargets);
        assertThat(plan.notices()).extracting(n -> n.subject() + ": " + n.message())
                .containsExactlyElementsOf(expectedNotices);
    }

    @Test
    void attachedPoliciesCarryTheirSlaAndTombstonesAreSkipped() {
        // Given
        Map<String, ExportEvent> exports = new HashMap<>();
        exports.put("cluster-2/secure/payment", export("cluster-2", "secure/payment", "10.0.2.1", 0));
        exports.put("cluster-2/secure/gone", null);
        Map<String, PolicyEvent> policies = new HashMap<>();
        policies.put("cluster-2/high", policy("cluster-2", "high", "business", 31111));
        policies.put("cluster-2/gone", null);

        // When
        ProbePlan plan = ProbeTargets.plan("cluster-1", exports, policies);

        // Then
        assertThat(plan.targets()).singleElement().satisfies(target -> {
            assertThat(target.policies()).containsExactly(new TunnelPolicy("high", new Sla(100.0, 30.0, 1.0), true));
            assertThat(target.key("cluster-1")).isEqualTo("cluster-1/cluster-2/business");
        });
    }

    private static String render(ProbeTarget target) {
        List<String> policies = new ArrayList<>();
        target.policies().forEach(p -> policies.add(p.name() + (p.usesTunnel() ? "*" : "")));
        return target.destinationCluster() + "/" + target.tunnel() + "@" + target.address() + ":" + target.port()
                + " " + policies;
    }

    private static ExportEvent export(String cluster, String namespaceName, String address, int createdSecond) {
        String[] parts = namespaceName.split("/");
        return new ExportEvent(cluster, parts[0], parts[1], null, null, List.of(new ExportPort("http", "TCP", null,
                8080)), new ExportedPolicy("high", "business", 31111, null, null), address, 1,
                T.plusSeconds(createdSecond));
    }

    private static PolicyEvent policy(String cluster, String name, String tunnel, int port) {
        return new PolicyEvent(cluster, name, tunnel, port, new Sla(100.0, 30.0, 1.0), null, List.of(), null, 1);
    }
}
