package io.l7mp.mcw.mcwanctl.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.l7mp.mcw.mcwanctl.domain.PolicyView;
import io.l7mp.mcw.mcwanctl.domain.TunnelStatusView;

class ViewsTest {

    @Test
    void aPolicyIsReadFieldByField() {
        // Given
        GenericKubernetesResource policy = object("sd-wan-priority-high", Map.of("tunnel", "business", "port", 31111,
                "dscp", 46, "sla", Map.of("latency-ms", 100, "jitter-ms", 50, "loss-percent", 0.5),
                "failover", Map.of("policies", List.of("sd-wan-priority-low"))),
                Map.of("conditions", List.of(Map.of("type", "Accepted", "status", "True", "reason", "Valid"))));

        // When
        PolicyView view = Views.policy(policy);

        // Then
        assertThat(view).isEqualTo(new PolicyView("sd-wan-priority-high", "business", 31111, 100.0, 50.0, 0.5, 46,
                List.of("sd-wan-priority-low"), "True", "Valid", null, null, null));
    }

    @Test
    void aFieldOfTheWrongTypeIsReportedNotFatal() {
        // Given: what an API server without the CRD schema lets through
        GenericKubernetesResource policy = object("broken", Map.of("tunnel", "x", "port", "high", "sla",
                Map.of("latency-ms", "fast"), "failover", List.of("a")), null);

        // When
        PolicyView view = Views.policy(policy);

        // Then
        assertThat(view.name()).isEqualTo("broken");
        assertThat(view.tunnel()).isEqualTo("x");
        assertThat(view.port()).isNull();
        assertThat(view.problem()).contains("port is not an integer: high").contains("latency-ms is not a number: fast")
                .contains("spec.failover is not an object");
    }

    @Test
    void importStatusTunnelsAndClusters() {
        // Given
        GenericKubernetesResource serviceImport = object("payment", Map.of("type", "ClusterSetIP"), Map.of(
                "clusters", List.of(Map.of("cluster", "cluster-1")),
                "tunnels", List.of(Map.of("cluster", "cluster-1", "policy", "sd-wan-priority-high", "preferredTunnel",
                        "business", "tunnel", "internet", "port", 31112, "state", "UP", "slaSatisfied", false,
                        "reason", "business DOWN", "rttMs", 12, "jitterMs", 1.5))));

        // Then
        assertThat(Views.importClusters(serviceImport)).containsExactly("cluster-1");
        assertThat(Views.tunnels(serviceImport)).containsExactly(new TunnelStatusView("cluster-1",
                "sd-wan-priority-high", "business", "internet", 31112, "UP", false, "business DOWN", 12.0, 1.5, null));
    }

    private static GenericKubernetesResource object(String name, Object spec, Object status) {
        GenericKubernetesResourceBuilder builder = new GenericKubernetesResourceBuilder().withApiVersion("x/v1")
                .withKind("X").withNewMetadata().withName(name).endMetadata().addToAdditionalProperties("spec", spec);
        if (status != null) {
            builder.addToAdditionalProperties("status", status);
        }
        return builder.build();
    }
}
