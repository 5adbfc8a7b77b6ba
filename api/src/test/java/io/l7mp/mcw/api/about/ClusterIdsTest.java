package io.l7mp.mcw.api.about;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.client.KubernetesClientException;

class ClusterIdsTest {
    static final ClusterId CONFIGURED = new ClusterId("cluster-1", ClusterId.Source.CONFIGURATION);
    static final ClusterId EAST = new ClusterId("east", ClusterId.Source.CLUSTER_PROPERTY);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("not read yet", Optional.empty(), false, Optional.empty(), "Unresolved", null),
                Arguments.of("no ClusterProperty: the setting", Optional.empty(), true, Optional.empty(), "InUse",
                        CONFIGURED),
                Arguments.of("a ClusterProperty wins over the setting", Optional.empty(), true, Optional.of("east"),
                        "InUse", EAST),
                Arguments.of("an invalid value is no id", Optional.empty(), true, Optional.of("East_1"), "Unresolved",
                        null),
                Arguments.of("the same property again", Optional.of(EAST), true, Optional.of("east"), "InUse", EAST),
                Arguments.of("a property with the configured name changes nothing", Optional.of(CONFIGURED), true,
                        Optional.of("cluster-1"), "InUse", CONFIGURED),
                Arguments.of("a property that appears while running", Optional.of(CONFIGURED), true,
                        Optional.of("east"), "Changed", CONFIGURED),
                Arguments.of("a property that changes while running", Optional.of(EAST), true, Optional.of("west"),
                        "Changed", EAST),
                Arguments.of("a property that goes away while running", Optional.of(EAST), true, Optional.empty(),
                        "Changed", EAST),
                Arguments.of("a property that becomes invalid while running", Optional.of(EAST), true,
                        Optional.of("-east"), "Changed", EAST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesOnceAndReportsAnyLaterChange(String name, Optional<ClusterId> inUse, boolean read,
            Optional<String> value, String expected, ClusterId id) {
        // When
        ClusterIdState state = ClusterIds.next(inUse, read, value, "cluster-1");

        // Then
        assertThat(state.getClass().getSimpleName()).isEqualTo(expected);
        if (state instanceof ClusterIdState.InUse use) {
            assertThat(use.id()).isEqualTo(id);
        } else if (state instanceof ClusterIdState.Changed changed) {
            assertThat(changed.inUse()).isEqualTo(id);
        }
    }

    @Test
    void aChangeSaysFromWhatToWhatAndWhatToDo() {
        // When
        ClusterIdState state = ClusterIds.next(Optional.of(CONFIGURED), true, Optional.of("east"), "cluster-1");

        // Then
        assertThat(((ClusterIdState.Changed) state).message()).isEqualTo("the cluster id changed from cluster-1"
                + " (mcw.cluster.name) to east (ClusterProperty cluster.clusterset.k8s.io) while running; what this"
                + " cluster published as cluster-1 is withdrawn (KEP-2149: a cluster id does not change while the"
                + " cluster is a member of a clusterset); restart the MCW services of this cluster to rejoin as east");
    }

    @ParameterizedTest
    @ValueSource(strings = { "East", "east_1", "-east", "east-", "", "a.b",
            "a123456789012345678901234567890123456789012345678901234567890123" })
    void aValueThatIsNoDnsLabelIsRefusedNamingObjectFieldAndExpectation(String value) {
        // When
        ClusterIdState state = ClusterIds.next(Optional.empty(), true, Optional.of(value), "cluster-1");

        // Then
        assertThat(((ClusterIdState.Unresolved) state).reason()).isEqualTo("ClusterProperty cluster.clusterset.k8s.io"
                + " has spec.value '" + value + "', expected an RFC 1123 DNS label (at most 63 lower-case letters,"
                + " digits and '-', starting and ending with a letter or digit), as KEP-2149 requires of a cluster id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "cluster-1", "1", "a12345678901234567890123456789012345678901234567890123456789012" })
    void dnsLabelsAreIds(String value) {
        assertThat(ClusterIds.next(Optional.empty(), true, Optional.of(value), "x"))
                .isEqualTo(new ClusterIdState.InUse(new ClusterId(value, ClusterId.Source.CLUSTER_PROPERTY)));
    }

    @Test
    void noCrdOrNoPermissionMeansNoPropertyButOtherFailuresAreRetried() {
        assertThat(ClusterIdWatch.unreadable(new KubernetesClientException("not found", 404, null)))
                .hasValueSatisfying(m -> assertThat(m).contains("not installed"));
        assertThat(ClusterIdWatch.unreadable(new RuntimeException(new KubernetesClientException("no", 403, null))))
                .hasValueSatisfying(m -> assertThat(m).contains("grant get, list and watch"));
        assertThat(ClusterIdWatch.unreadable(new KubernetesClientException("bad path", 400, null)))
                .hasValueSatisfying(m -> assertThat(m).contains("HTTP 400"));
        assertThat(ClusterIdWatch.unreadable(new KubernetesClientException("boom", 500, null))).isEmpty();
        assertThat(ClusterIdWatch.unreadable(new KubernetesClientException("slow down", 429, null))).isEmpty();
        assertThat(ClusterIdWatch.unreadable(new java.io.IOException("connection refused"))).isEmpty();
    }
}
