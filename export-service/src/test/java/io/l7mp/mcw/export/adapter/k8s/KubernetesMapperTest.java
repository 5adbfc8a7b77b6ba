package io.l7mp.mcw.export.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.crd.WANPolicyStatus;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.export.domain.ExportRef;
import io.l7mp.mcw.export.domain.LocalExport;
import io.l7mp.mcw.export.domain.LocalPolicy;
import io.l7mp.mcw.export.domain.LocalService;

class KubernetesMapperTest {
    private static final Instant SEEN = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void readsTheAnnotationAndCreationTimestampOfAServiceExport() {
        // Given
        ServiceExport export = new ServiceExport();
        export.setMetadata(new ObjectMetaBuilder().withNamespace("secure").withName("payment")
                .addToAnnotations(WANPolicy.ANNOTATION, "sd-wan-priority-high")
                .withCreationTimestamp("2026-11-27T10:00:00Z").build());

        // When
        LocalExport local = KubernetesMapper.export(export, SEEN);

        // Then
        assertThat(local).isEqualTo(new LocalExport(new ExportRef("secure", "payment"),
                Optional.of("sd-wan-priority-high"), Instant.parse("2026-11-27T10:00:00Z")));
    }

    @Test
    void mapsServicePorts() {
        // Given
        Service service = new ServiceBuilder().withNewMetadata().withNamespace("secure").withName("payment")
                .endMetadata().withNewSpec().withClusterIP("None").withSessionAffinity("ClientIP").addNewPort()
                .withName("grpc").withProtocol("TCP").withAppProtocol("kubernetes.io/h2c").withPort(9090).endPort()
                .endSpec().build();

        // When
        var local = KubernetesMapper.service(service);

        // Then
        assertThat(local.headless()).isTrue();
        assertThat(local.sessionAffinity()).isEqualTo("ClientIP");
        assertThat(local.ports()).containsExactly(new ExportPort("grpc", "TCP", "kubernetes.io/h2c", 9090));
    }

    @Test
    void mapsTheServiceFieldsTheServiceImportCarries() {
        // Given: the conformance suite's hello Service
        Service service = new ServiceBuilder().withNewMetadata().withNamespace("secure").withName("hello")
                .endMetadata().withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.7")
                .withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(10)
                .endClientIP().endSessionAffinityConfig().withInternalTrafficPolicy("Cluster")
                .withTrafficDistribution("PreferClose").addNewPort().withName("tcp").withProtocol("TCP").withPort(42)
                .endPort().addNewPort().withName("udp").withProtocol("UDP").withPort(42).endPort().endSpec().build();

        // When
        LocalService local = KubernetesMapper.service(service);

        // Then
        assertThat(local).isEqualTo(new LocalService(new ExportRef("secure", "hello"), "ClusterIP", "10.96.0.7",
                "ClientIP", List.of(new ExportPort("tcp", "TCP", null, 42), new ExportPort("udp", "UDP", null, 42)),
                SessionAffinityConfig.clientIP(10), "Cluster", "PreferClose"));
        assertThat(local.refusedPorts()).containsExactly(new ExportPort("udp", "UDP", null, 42));
    }

    @Test
    void anExternalNameServiceIsSeenAsSuch() {
        // Given
        Service service = new ServiceBuilder().withNewMetadata().withNamespace("secure").withName("hello")
                .endMetadata().withNewSpec().withType("ExternalName").withExternalName("example.com").endSpec()
                .build();

        // When / Then
        assertThat(KubernetesMapper.service(service).externalName()).isTrue();
    }

    @Test
    void slicesWithoutTheServiceNameLabelBelongToNoService() {
        // Given
        EndpointSlice labelled = new EndpointSliceBuilder().withNewMetadata().withNamespace("secure")
                .withName("payment-abc").addToLabels("kubernetes.io/service-name", "payment").endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("10.1.0.1").withNewConditions()
                .withReady(false).endConditions().endEndpoint().addNewEndpoint().withAddresses("10.1.0.2")
                .endEndpoint().build();
        EndpointSlice unlabelled = new EndpointSliceBuilder().withNewMetadata().withNamespace("secure")
                .withName("manual").endMetadata().withAddressType("IPv4").build();

        // When / Then
        assertThat(KubernetesMapper.slice(labelled)).hasValueSatisfying(s -> {
            assertThat(s.service()).isEqualTo(new ExportRef("secure", "payment"));
            assertThat(s.readyEndpoints()).isEqualTo(1);
        });
        assertThat(KubernetesMapper.slice(unlabelled)).isEmpty();
    }

    @Test
    void readsTheAcceptedConditionOfAWanPolicy() {
        // Given
        WANPolicy policy = new WANPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("bad").build());
        WANPolicyStatus status = new WANPolicyStatus();
        status.getConditions().add(new ConditionBuilder().withType("Accepted").withStatus("False")
                .withReason("InvalidPort").withMessage("spec.port is 0, expected 1-65535").build());
        policy.setStatus(status);

        // When
        LocalPolicy local = KubernetesMapper.policy(policy);

        // Then
        assertThat(local).isEqualTo(new LocalPolicy("bad", false, Optional.of("spec.port is 0, expected 1-65535")));
    }
}
