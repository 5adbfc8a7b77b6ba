package io.l7mp.mcw.api.mcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
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

    static Stream<Arguments> cases() {
        ExportPort grpc = new ExportPort("grpc", "TCP", "grpc", 9090);
        ExportPort http8081 = new ExportPort("http", "TCP", null, 8081);
        ExportPort web8080 = new ExportPort("web", "TCP", null, 8080);
        return Stream.of(
                Arguments.of("single export",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP)),
                        List.of(HTTP), "ClusterSetIP", "sd-wan-priority-high", List.of()),
                Arguments.of("port union",
                        List.of(export("cluster-1", 0, "ClusterSetIP", HIGH, HTTP),
                                export("cluster-2", 5, "ClusterSetIP", HIGH, grpc)),
                        List.of(HTTP, grpc), "ClusterSetIP", "sd-wan-priority-high", List.of()),
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
    void refusesTwoExportsFromOneCluster() {
        assertThatThrownBy(() -> ServiceAggregator.aggregate(List.of(export("cluster-1", 0, "ClusterSetIP", HIGH),
                export("cluster-1", 3, "ClusterSetIP", HIGH))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster-1 exports secure/payment 2 times");
    }
}
