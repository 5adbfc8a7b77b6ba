package io.l7mp.mcw.api.mcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.api.event.Sla;

class ServiceAggregatorTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final ExportedPolicy HIGH = new ExportedPolicy("sd-wan-priority-high", "business", 31111,
            new Sla(100.0, 50.0, 1.0), null);
    static final ExportedPolicy LOW = new ExportedPolicy("sd-wan-priority-low", "internet", 31112,
            new Sla(300.0, 100.0, 5.0), null);
    static final ExportPort HTTP = new ExportPort("http", "TCP", null, 8080);

    static ExportEvent export(String cluster, int ageSecondsAfterT0, String type, ExportedPolicy policy,
            ExportPort... ports) {
        return new ExportEvent(cluster, "secure", "payment", type, "None", List.of(ports), policy,
                cluster + ".gw.example", 2, T0.plusSeconds(ageSecondsAfterT0));
    }

    static final ExportPort SCTP = new ExportPort("stcp", "SCTP", null, 142);
    static final ExportPort UDP = new ExportPort("udp", "UDP", null, 42);
    static final SessionAffinityConfig TEN_SECONDS = SessionAffinityConfig.clientIP(10);

    /** The export with {@code refused} as ports of its Service that MCW does not carry. */
    static ExportEvent refusing(ExportEvent e, ExportPort... refused) {
        return new ExportEvent(e.cluster(), e.namespace(), e.name(), e.type(), e.sessionAffinity(), e.ports(),
                e.policy(), e.ingressAddress(), e.readyEndpoints(), e.exportCreated(), e.sessionAffinityConfig(),
                e.internalTrafficPolicy(), e.trafficDistribution(), List.of(refused));
    }

    static ExportEvent with(ExportEvent e, SessionAffinityConfig config, String internalTrafficPolicy,
            String trafficDistribution) {
        return new ExportEvent(e.cluster(), e.namespace(), e.name(), e.type(), e.sessionAffinity(), e.ports(),
                e.policy(), e.ingressAddress(), e.readyEndpoints(), e.exportCreated(), config, internalTrafficPolicy,
                trafficDistribution, e.refusedPorts());
    }

    static Stream<Arguments> cases() {
        ExportPort grpc = new ExportPort("grpc", "TCP", "grpc", 9090);
        ExportPort http8081 = new ExportPort("http", "TCP", null, 8081);
        ExportPort web8080 = new ExportPort("web", "TCP", null, 8080);
        return Stream.of(
                Arguments.of("single export",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of()),
                Arguments.of("ports not identical: the union is imported and it is a port conflict",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 5, "ClusterSetIP", HIGH, grpc)),
                        List.of(HTTP, grpc), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.PortConflict)),
                Arguments.of("an extra SCTP port in one cluster: a port conflict, and the port is not imported",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                refusing(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), SCTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of(ConflictReason.PortConflict)),
                Arguments.of("the same refused port everywhere is no conflict",
                        List.of(refusing(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP), UDP),
                                refusing(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), UDP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of()),
                Arguments.of("sessionAffinityConfig differs",
                        List.of(with(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP), TEN_SECONDS, null, null),
                                with(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), null, null, null)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.SessionAffinityConfigConflict)),
                Arguments.of("internalTrafficPolicy differs",
                        List.of(with(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP), null, "Local", null),
                                with(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), null, "Cluster", null)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.InternalTrafficPolicyConflict)),
                Arguments.of("internalTrafficPolicy unset is Cluster, Kubernetes' default",
                        List.of(with(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP), null, "Cluster", null),
                                export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of()),
                Arguments.of("trafficDistribution differs",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                with(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), null, null, "PreferClose")),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.TrafficDistributionConflict)),
                Arguments.of("several conflicts: every reason, in the enum's order",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                with(export("cluster-2", 5, "Headless", LOW, http8081), null, "Local", null)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.PortConflict, ConflictReason.TypeConflict,
                                ConflictReason.InternalTrafficPolicyConflict, ConflictReason.WANPolicyConflict)),
                Arguments.of("identical ports merge",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of()),
                Arguments.of("port conflict: same name, other number; oldest wins",
                        List.of(export("cluster-2", 5, "ClusterSetIP", HIGH, http8081),
                                export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.PortConflict)),
                Arguments.of("port conflict: same number, other name",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 5, "ClusterSetIP", HIGH, web8080)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.PortConflict)),
                Arguments.of("type conflict: oldest wins",
                        List.of(export("cluster-1", 10, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 0, "Headless", HIGH, HTTP)),
                        List.of(HTTP), "Headless", "sd-wan-priority-high", List.of(ConflictReason.TypeConflict)),
                Arguments.of("WAN policy conflict: oldest policy wins",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 5, "ClusterSetIP", LOW, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.WANPolicyConflict)),
                Arguments.of("same creation time: cluster name breaks the tie",
                        List.of(export("cluster-b", 0, "ClusterSetIP", LOW, HTTP),
                                export("cluster-a", 0, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high",
                        List.of(ConflictReason.WANPolicyConflict)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergesByKep1645Rules(String name, List<ExportEvent> exports, List<ExportPort> ports, String type,
            String policy, List<ConflictReason> conflicts) {
        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.ports()).containsExactlyElementsOf(ports);
        assertThat(service.type()).isEqualTo(type);
        assertThat(service.policy().name()).isEqualTo(policy);
        assertThat(service.conflicts()).extracting(ExportConflict::reason).containsExactlyElementsOf(conflicts);
        assertThat(service.clusterNames()).hasSameSizeAs(exports);
    }

    @Test
    void resultDoesNotDependOnArrivalOrder() {
        // Given
        List<ExportEvent> exports = new ArrayList<>(List.of(
                export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                export("cluster-2", 5, "Headless", LOW, new ExportPort("http", "TCP", null, 8081)),
                export("cluster-3", 9, "ClusterSetIP", HIGH, new ExportPort("grpc", "TCP", null, 9090))));
        AggregatedService first = ServiceAggregator.aggregate(exports).orElseThrow();

        // When
        Collections.reverse(exports);
        AggregatedService second = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(first.clusterNames()).containsExactly("cluster-1", "cluster-2", "cluster-3");
    }

    @Test
    void conflictIsReportedOnEveryExportInvolvedAndNamesTheWinner() {
        // Given
        List<ExportEvent> exports = List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                export("cluster-2", 5, "ClusterSetIP", LOW, HTTP),
                export("cluster-3", 7, "ClusterSetIP", HIGH, HTTP));

        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.conflictsOf("cluster-1")).hasSize(1);
        assertThat(service.conflictsOf("cluster-2")).hasSize(1);
        assertThat(service.conflictsOf("cluster-3")).isEmpty();
        assertThat(service.conflicts().get(0).message())
                .contains("cluster-1 (oldest export)", "sd-wan-priority-low", "using sd-wan-priority-high");
    }

    @Test
    void withdrawingTheOldestExportHandsTheServiceToTheNextOldest() {
        // Given
        ExportEvent oldest = export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP);
        ExportEvent younger = export("cluster-2", 5, "ClusterSetIP", LOW,
                new ExportPort("http", "TCP", null, 8081));
        assertThat(ServiceAggregator.aggregate(List.of(oldest, younger)).orElseThrow().conflicts()).hasSize(2);

        // When
        AggregatedService after = ServiceAggregator.aggregate(List.of(younger)).orElseThrow();

        // Then
        assertThat(after.policy()).isEqualTo(LOW);
        assertThat(after.ports()).containsExactly(new ExportPort("http", "TCP", null, 8081));
        assertThat(after.conflicts()).isEmpty();
    }

    @Test
    void aggregateAllGroupsByService() {
        // Given
        ExportEvent payment = export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP);
        ExportEvent stats = new ExportEvent("cluster-2", "secure", "stats", null, null, List.of(HTTP), LOW, "gw", 1,
                T0);

        // When / Then
        assertThat(ServiceAggregator.aggregateAll(List.of(stats, payment))).containsOnlyKeys("secure/payment",
                "secure/stats");
        assertThat(ServiceAggregator.aggregate(List.of())).isEmpty();
    }

    @Test
    void portConflictSaysHowEachClusterDefinesThePortAndWhatWasImported() {
        // Given: the conformance suite's two cases, in one: another number under the same name, and an SCTP port
        // that only the younger cluster has
        List<ExportEvent> exports = List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                refusing(export("cluster-2", 5, "ClusterSetIP", HIGH, new ExportPort("http", "TCP", null, 8081)),
                        SCTP));

        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.ports()).containsExactly(HTTP);
        assertThat(service.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(ConflictReason.PortConflict);
            assertThat(c.clusters()).containsExactly("cluster-1", "cluster-2");
            assertThat(c.message()).isEqualTo("port 'http': cluster-1 has 8080/TCP, cluster-2 has 8081/TCP; imported"
                    + " as 8080/TCP; port 'stcp': cluster-1 has none, cluster-2 has 142/SCTP; not imported: MCW does"
                    + " not carry SCTP across the WAN");
        });
        assertThat(service.refusedPorts()).containsOnlyKeys("cluster-2");
        assertThat(service.describeRefusedPorts()).isEqualTo("cluster-2: 'stcp' 142/SCTP");
    }

    @Test
    void aPortNumberUnderTwoNamesKeepsTheOlderName() {
        // Given
        List<ExportEvent> exports = List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                export("cluster-2", 5, "ClusterSetIP", HIGH, new ExportPort("web", "TCP", null, 8080)));

        // When
        ExportConflict conflict = ServiceAggregator.aggregate(exports).orElseThrow().conflicts().get(0);

        // Then
        assertThat(conflict.message()).isEqualTo("port 'http': cluster-1 has 8080/TCP, cluster-2 has none; imported"
                + " as 8080/TCP; port 'web': cluster-1 has none, cluster-2 has 8080/TCP; not imported: 8080/TCP is"
                + " imported as port 'http'");
    }

    @Test
    void theOldestExportsServiceFieldsAreImportedAndTheConflictNamesBoth() {
        // Given
        List<ExportEvent> exports = List.of(
                with(export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP), SessionAffinityConfig.clientIP(60), null,
                        null),
                with(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP), TEN_SECONDS, "Local", "PreferClose"));

        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.sessionAffinityConfig()).isEqualTo(TEN_SECONDS);
        assertThat(service.internalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.trafficDistribution()).isEqualTo("PreferClose");
        assertThat(service.conflicts()).extracting(ExportConflict::message).containsExactly(
                "sessionAffinityConfig conflict: cluster-1 (oldest export) has clientIP.timeoutSeconds=10, cluster-2"
                        + " exports clientIP.timeoutSeconds=60; using clientIP.timeoutSeconds=10",
                "internalTrafficPolicy conflict: cluster-1 (oldest export) has Local, cluster-2 exports Cluster;"
                        + " using Local",
                "trafficDistribution conflict: cluster-1 (oldest export) has PreferClose, cluster-2 exports unset;"
                        + " using PreferClose");
    }

    @Test
    void theOldestExportsLabelsAndAnnotationsAreImportedAndADifferenceIsAConflictOfItsOwn() {
        // Given: the conformance suite's case "conflicting annotations and labels"
        List<ExportEvent> exports = List.of(
                export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP).withExported(Map.of("dummy-label2", "true"),
                        Map.of("dummy-annotation2", "true")),
                export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP).withExported(Map.of("dummy-label", "true"),
                        Map.of("dummy-annotation", "true")));

        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.exportedLabels()).containsExactly(Map.entry("dummy-label", "true"));
        assertThat(service.exportedAnnotations()).containsExactly(Map.entry("dummy-annotation", "true"));
        assertThat(McsConditions.conflictReason(service.conflicts())).isEqualTo("AnnotationsConflict,LabelsConflict");
        assertThat(service.conflictsOf("cluster-2")).extracting(ExportConflict::message).containsExactly(
                "exportedAnnotations conflict: cluster-1 (oldest export) has {dummy-annotation=true}, cluster-2"
                        + " exports {dummy-annotation2=true}; using {dummy-annotation=true}",
                "exportedLabels conflict: cluster-1 (oldest export) has {dummy-label=true}, cluster-2 exports"
                        + " {dummy-label2=true}; using {dummy-label=true}");
    }

    @Test
    void theSameLabelsInAnotherOrderAreNoConflict() {
        // Given
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");
        List<ExportEvent> exports = List.of(
                export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP).withExported(Map.of("a", "1", "b", "2"), null),
                export("cluster-2", 5, "ClusterSetIP", HIGH, HTTP).withExported(labels, Map.of()));

        // When
        AggregatedService service = ServiceAggregator.aggregate(exports).orElseThrow();

        // Then
        assertThat(service.conflicts()).isEmpty();
        assertThat(service.exportedLabels()).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void conflictReasonListsEveryReasonOnceInTheEnumsOrder() {
        // Given
        List<ExportConflict> conflicts = List.of(
                new ExportConflict(ConflictReason.WANPolicyConflict, "w", List.of("a", "b")),
                new ExportConflict(ConflictReason.PortConflict, "p", List.of("a", "b")),
                new ExportConflict(ConflictReason.PortConflict, "p2", List.of("a", "c")));

        // When / Then
        assertThat(McsConditions.conflictReason(conflicts)).isEqualTo("PortConflict,WANPolicyConflict");
        assertThatThrownBy(() -> McsConditions.conflictReason(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTwoExportsFromOneCluster() {
        assertThatThrownBy(() -> ServiceAggregator.aggregate(List.of(export("cluster-1", 0, "ClusterSetIP", HIGH),
                export("cluster-1", 3, "ClusterSetIP", HIGH))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster-1 exports secure/payment 2 times");
    }
}
