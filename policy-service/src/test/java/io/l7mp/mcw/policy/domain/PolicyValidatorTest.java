package io.l7mp.mcw.policy.domain;

import static io.l7mp.mcw.policy.domain.ExamplePolicies.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.api.event.Sla;

/**
 * Validation of WANPolicies. Each case validates the seed's examples (valid and invalid, created in
 * file order) together with the case's extra policies, and checks the verdict of one of them.
 */
class PolicyValidatorTest {
    private static final Instant LATER = T0.plus(Duration.ofHours(1));

    static Stream<Arguments> cases() {
        return Stream.of(
                // the seed's examples
                accepted("sd-wan-priority-high"),
                accepted("sd-wan-priority-low"),
                rejected("port-out-of-range", Reason.INVALID_PORT, "spec.port is 70000, expected 1-65535"),
                rejected("negative-sla", Reason.INVALID_SLA, List.of("spec.sla.latency-ms is -5, expected >= 0",
                        "spec.sla.loss-percent is 150, expected 0-100")),
                rejected("port-taken", Reason.PORT_CONFLICT, List.of("spec.port is 31111", "tunnel internet",
                        "WANPolicy sd-wan-priority-high holds it for tunnel business")),
                rejected("no-tunnel", Reason.MISSING_TUNNEL, "spec.tunnel is missing"),
                // more cases
                rejected("dscp-64", Reason.INVALID_DSCP, "spec.dscp is 64, expected 0-63",
                        policy("dscp-64", "business", 31120).withDscp(64)),
                accepted("dscp-63", policy("dscp-63", "business", 31120).withDscp(63)),
                rejected("dscp-negative", Reason.INVALID_DSCP, "spec.dscp is -1, expected 0-63",
                        policy("dscp-negative", "business", 31120).withDscp(-1)),
                rejected("no-port", Reason.INVALID_PORT, "spec.port is missing, expected 1-65535",
                        policy("no-port", "business", null)),
                rejected("port-0", Reason.INVALID_PORT, "spec.port is 0, expected 1-65535",
                        policy("port-0", "business", 0)),
                accepted("port-1", policy("port-1", "business", 1)),
                accepted("port-65535", policy("port-65535", "business", 65535)),
                rejected("port-65536", Reason.INVALID_PORT, "spec.port is 65536, expected 1-65535",
                        policy("port-65536", "business", 65536)),
                accepted("same-port-same-tunnel", policy("same-port-same-tunnel", "business", 31111)),
                rejected("blank-tunnel", Reason.MISSING_TUNNEL, "spec.tunnel is ' ', expected the name of an SD-WAN tunnel",
                        policy("blank-tunnel", " ", 31121)),
                rejected("jitter-negative", Reason.INVALID_SLA, "spec.sla.jitter-ms is -0.5, expected >= 0",
                        policy("jitter-negative", "business", 31122).withSla(new Sla(10.0, -0.5, 1.0))),
                rejected("loss-negative", Reason.INVALID_SLA, "spec.sla.loss-percent is -1, expected 0-100",
                        policy("loss-negative", "business", 31122).withSla(new Sla(null, null, -1.0))),
                accepted("sla-bounds", policy("sla-bounds", "business", 31122).withSla(new Sla(0.0, 0.0, 100.0))),
                accepted("sla-empty", policy("sla-empty", "business", 31122).withSla(new Sla(null, null, null))),
                rejected("failover-self", Reason.INVALID_FAILOVER,
                        "spec.failover.policies[1] is failover-self, expected another WANPolicy than this one",
                        policy("failover-self", "business", 31123)
                                .withFailover(List.of("sd-wan-priority-low", "failover-self"), 30)),
                rejected("failover-blank", Reason.INVALID_FAILOVER, "spec.failover.policies[0] is '', expected",
                        policy("failover-blank", "business", 31123).withFailover(List.of(""), null)),
                rejected("hold-down-negative", Reason.INVALID_FAILOVER,
                        "spec.failover.hold-down-seconds is -1, expected >= 0",
                        policy("hold-down-negative", "business", 31123).withFailover(List.of(), -1)),
                accepted("failover-other", policy("failover-other", "business", 31123)
                        .withFailover(List.of("sd-wan-priority-low", "not-created-yet"), 0)),
                // several problems: all reported, the first one (in Reason order) is the reason
                rejected("everything-wrong", Reason.INVALID_PORT, List.of("spec.port is 70000, expected 1-65535",
                        "spec.sla.latency-ms is -1, expected >= 0", "spec.tunnel is missing", "spec.dscp is 99",
                        "spec.failover.policies[0] is everything-wrong"),
                        policy("everything-wrong", null, 70000).withSla(new Sla(-1.0, null, null)).withDscp(99)
                                .withFailover(List.of("everything-wrong"), null)),
                rejected("conflict-and-bad-sla", Reason.PORT_CONFLICT, List.of("WANPolicy sd-wan-priority-low holds it",
                        "spec.sla.loss-percent is 101, expected 0-100"),
                        policy("conflict-and-bad-sla", "business", 31112).withSla(new Sla(null, null, 101.0))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void validates(String subject, Reason expected, List<String> fragments, List<PolicyDefinition> extra) {
        // Given
        List<PolicyDefinition> policies = new ArrayList<>(ExamplePolicies.all());
        policies.addAll(extra);

        // When
        Verdict verdict = PolicyValidator.validate(policies).get(subject);

        // Then
        assertThat(verdict.reason()).isEqualTo(expected);
        assertThat(verdict.accepted()).isEqualTo(expected == Reason.VALID);
        assertThat(verdict.message()).contains(fragments);
    }

    @Test
    void portIsFreedWhenTheOlderPolicyIsDeleted() {
        // Given
        List<PolicyDefinition> policies = new ArrayList<>(ExamplePolicies.all());
        assertThat(PolicyValidator.validate(policies).get("port-taken").reason()).isEqualTo(Reason.PORT_CONFLICT);

        // When
        policies.removeIf(p -> p.name().equals("sd-wan-priority-high"));

        // Then
        Verdict verdict = PolicyValidator.validate(policies).get("port-taken");
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        assertThat(verdict.message()).isEqualTo("tunnel internet on port 31111 is accepted");
    }

    @Test
    void anInvalidPolicyDoesNotHoldItsPort() {
        // Given an older policy on 31130 whose SLA is invalid
        PolicyDefinition older = policy("older", "business", 31130).withCreatedAt(T0).withSla(new Sla(-1.0, null, null));
        PolicyDefinition younger = policy("younger", "internet", 31130);

        // When
        Map<String, Verdict> verdicts = PolicyValidator.validate(List.of(older, younger));

        // Then the younger one gets the port, and the older one is told only about its own problem
        assertThat(verdicts.get("younger").accepted()).isTrue();
        assertThat(verdicts.get("older").reason()).isEqualTo(Reason.INVALID_SLA);
        assertThat(verdicts.get("older").message()).doesNotContain("younger");
    }

    @Test
    void sameCreationTimeIsDecidedByName() {
        // Given
        PolicyDefinition b = policy("b", "internet", 31140).withCreatedAt(T0);
        PolicyDefinition a = policy("a", "business", 31140).withCreatedAt(T0);

        // When
        Map<String, Verdict> verdicts = PolicyValidator.validate(List.of(b, a));

        // Then
        assertThat(verdicts.get("a").accepted()).isTrue();
        assertThat(verdicts.get("b").message()).contains("WANPolicy a holds it for tunnel business");
    }

    @Test
    void aPolicyWithoutCreationTimeIsYoungest() {
        // Given
        PolicyDefinition unknown = policy("aaa", "internet", 31150).withCreatedAt(null);
        PolicyDefinition known = policy("zzz", "business", 31150).withCreatedAt(LATER);

        // When
        Map<String, Verdict> verdicts = PolicyValidator.validate(List.of(unknown, known));

        // Then
        assertThat(verdicts.get("zzz").accepted()).isTrue();
        assertThat(verdicts.get("aaa").reason()).isEqualTo(Reason.PORT_CONFLICT);
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        // Given
        List<PolicyDefinition> policies = new ArrayList<>(ExamplePolicies.all());
        policies.add(policy("same-port-same-tunnel", "business", 31111));
        policies.add(policy("third-tunnel", "mpls", 31111));
        Map<String, Verdict> expected = PolicyValidator.validate(policies);
        Random random = new Random(42);

        for (int i = 0; i < 20; i++) {
            // When
            Collections.shuffle(policies, random);

            // Then
            assertThat(PolicyValidator.validate(policies)).containsExactlyEntriesOf(expected);
        }
        assertThat(expected.get("third-tunnel").message()).contains("sd-wan-priority-high");
    }

    @Test
    void duplicateNamesAreRefused() {
        // Given
        List<PolicyDefinition> policies = List.of(policy("twin", "business", 1), policy("twin", "internet", 2));

        // When / Then
        assertThatThrownBy(() -> PolicyValidator.validate(policies)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twin");
    }

    @Test
    void numbersAreShownAsWritten() {
        assertThat(PolicyValidator.number(-5.0)).isEqualTo("-5");
        assertThat(PolicyValidator.number(0.25)).isEqualTo("0.25");
        assertThat(PolicyValidator.number(1e7)).isEqualTo("10000000");
        assertThat(PolicyValidator.number(Double.NaN)).isEqualTo("NaN");
    }

    private static PolicyDefinition policy(String name, String tunnel, Integer port) {
        return PolicyDefinition.of(name, LATER, tunnel, port);
    }

    private static Arguments accepted(String subject, PolicyDefinition... extra) {
        return Arguments.of(subject, Reason.VALID, List.of("is accepted"), List.of(extra));
    }

    private static Arguments rejected(String subject, Reason reason, String fragment, PolicyDefinition... extra) {
        return Arguments.of(subject, reason, List.of(fragment), List.of(extra));
    }

    private static Arguments rejected(String subject, Reason reason, List<String> fragments,
            PolicyDefinition... extra) {
        return Arguments.of(subject, reason, fragments, List.of(extra));
    }
}
