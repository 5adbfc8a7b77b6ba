package io.l7mp.mcw.imports.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SessionAffinityConfigBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.imports.domain.DesiredEndpointSlice;
import io.l7mp.mcw.imports.domain.DesiredImport;
import io.l7mp.mcw.imports.domain.EgressEndpoint;
import io.l7mp.mcw.imports.domain.ImportPort;

/** The ServiceImport spec and the EndpointSlice labels written from the plan, in the MCS API's shape. */
class ImportResourcesSpecTest {

    @Test
    void theServiceImportCarriesTheExportedServicesFieldsAndTheFamiliesOfItsVip() {
        // Given: a ServiceImport whose sessionAffinityConfig someone else had set
        ServiceImport actual = new ServiceImport();
        actual.setMetadata(new ObjectMetaBuilder().withNamespace("hello").withName("hello").build());
        ServiceImportSpec stale = new ServiceImportSpec();
        stale.setSessionAffinityConfig(new SessionAffinityConfigBuilder().withNewClientIP().withTimeoutSeconds(99)
                .endClientIP().build());
        actual.setSpec(stale);

        // When
        ServiceImportSpec spec = ImportResources.serviceImport(desired(SessionAffinityConfig.clientIP(10)), actual)
                .getSpec();

        // Then
        assertThat(spec.getType()).isEqualTo("ClusterSetIP");
        assertThat(spec.getIps()).containsExactly("10.96.0.12");
        assertThat(spec.getIpFamilies()).containsExactly("IPv4");
        assertThat(spec.getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(10);
        assertThat(spec.getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(spec.getTrafficDistribution()).isEqualTo("PreferClose");
    }

    @Test
    void unsetFieldsStayUnset() {
        // When
        ServiceImportSpec spec = ImportResources.serviceImport(new DesiredImport("hello", "hello", "Headless", "None",
                List.of(), List.of(), List.of("cluster-1"), "p", List.of(), null, List.of(), List.of(), null, null,
                null, List.of()), new ServiceImport()).getSpec();

        // Then
        assertThat(spec.getIps()).isNull();
        assertThat(spec.getIpFamilies()).isNull();
        assertThat(spec.getSessionAffinityConfig()).isNull();
        assertThat(spec.getInternalTrafficPolicy()).isNull();
        assertThat(spec.getTrafficDistribution()).isNull();
    }

    @Test
    void theServiceImportCarriesExactlyTheExportedLabelsAndAnnotationsAndMcwsOwnKeysWin() {
        // Given: an import that carried label 'old' before, and a label someone else added
        ServiceImport stored = ImportResources.serviceImport(withExported(Map.of("old", "1"), Map.of()),
                new ServiceImport());
        stored.getMetadata().getLabels().put("someone-else", "x");

        // When
        ServiceImport updated = ImportResources.serviceImport(withExported(
                Map.of("dummy-label", "true", "app.kubernetes.io/managed-by", "me"),
                Map.of("dummy-annotation", "true")), stored);

        // Then
        assertThat(updated.getMetadata().getLabels()).containsEntry("dummy-label", "true")
                .containsEntry("someone-else", "x").containsEntry("app.kubernetes.io/managed-by", "mcw-import-service")
                .doesNotContainKey("old");
        assertThat(updated.getMetadata().getAnnotations()).containsEntry("dummy-annotation", "true")
                .containsEntry("mcw.l7mp.io/exported-labels", "app.kubernetes.io/managed-by,dummy-label")
                .containsEntry("mcw.l7mp.io/exported-annotations", "dummy-annotation");

        // When: the export lists none any more
        ServiceImport cleared = ImportResources.serviceImport(withExported(Map.of(), Map.of()), updated);

        // Then
        assertThat(cleared.getMetadata().getLabels()).doesNotContainKey("dummy-label").containsEntry(
                "app.kubernetes.io/managed-by", "mcw-import-service");
        assertThat(cleared.getMetadata().getAnnotations()).doesNotContainKeys("dummy-annotation",
                "mcw.l7mp.io/exported-labels", "mcw.l7mp.io/exported-annotations");
    }

    private static DesiredImport withExported(Map<String, String> labels, Map<String, String> annotations) {
        DesiredImport d = desired(null);
        return new DesiredImport(d.namespace(), d.name(), d.type(), d.sessionAffinity(), d.ports(), d.ips(),
                d.clusters(), d.policy(), d.egressPorts(), d.derivedService(), d.conditions(), d.tunnels(),
                d.sessionAffinityConfig(), d.internalTrafficPolicy(), d.trafficDistribution(), d.ipFamilies(), labels,
                annotations);
    }

    @Test
    void theEndpointSliceCarriesBothMcsLabels() {
        // Given
        DesiredEndpointSlice desired = new DesiredEndpointSlice("hello", "mcw-hello", "mcw-hello", "hello", "IPv4",
                List.of(new EgressEndpoint("10.0.2.1", true, true, false, null, null)),
                List.of(new DesiredEndpointSlice.SlicePort("tcp", "TCP", null, 40001)), "cluster-2");

        // When
        EndpointSlice slice = ImportResources.endpointSlice(desired, new EndpointSlice());

        // Then
        assertThat(slice.getMetadata().getLabels()).containsEntry("multicluster.kubernetes.io/service-name", "hello")
                .containsEntry("multicluster.kubernetes.io/source-cluster", "cluster-2")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "mcw-import-service");
    }

    private static DesiredImport desired(SessionAffinityConfig config) {
        return new DesiredImport("hello", "hello", "ClusterSetIP", "ClientIP",
                List.of(new ImportPort("tcp", "TCP", null, 42)), List.of("10.96.0.12"), List.of("cluster-1"),
                "sd-wan-priority-high", List.of(), "mcw-hello", List.of(), List.of(), config, "Cluster",
                "PreferClose", List.of("IPv4"));
    }
}
