package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.event.SessionAffinityConfig;

/**
 * Golden-file tests of the ImportPlanner (see {@link GoldenFiles}), plus the key facts of each case asserted
 * directly, so that a careless {@code -Dmcw.golden.update=true} cannot bless a broken plan.
 */
class ImportPlannerTest {
    static final List<String> CASES = List.of("single-export", "cluster-ip-pending", "namespace-missing",
            "two-clusters", "conflict", "headless", "withdrawn", "existing-allocations", "foreign-objects",
            "egress-exhausted", "unchanged", "long-name", "egress-pods-ready", "egress-pod-not-ready",
            "egress-pod-terminating", "egress-pods-none", "egress-pods-ipv6", "wan-status", "conformance-hello",
            "port-union-sctp", "static-imports");

    @ParameterizedTest
    @FieldSource("CASES")
    void planMatchesGoldenFile(String name) throws IOException {
        // Given
        PlannerInput input = GoldenFiles.read(name).input();

        // When
        String actual = GoldenFiles.write(ImportPlanner.plan(input));

        // Then
        if (GoldenFiles.UPDATE) {
            GoldenFiles.update(name, actual);
        }
        assertThat(actual).as("golden/%s/out.yaml (rerun with -Dmcw.golden.update=true to rewrite)", name)
                .isEqualTo(GoldenFiles.expected(name));
    }

    @Test
    void everyGoldenCaseDirectoryIsUsed() throws IOException {
        assertThat(GoldenFiles.directories()).as("case directories under %s", GoldenFiles.ROOT)
                .containsExactlyInAnyOrderElementsOf(CASES);
    }

    @Test
    void aStaticImportIsPlannedFromItselfAndOnlyItsOwnFieldsAreDesired() {
        // Given
        PlannerInput input = GoldenFiles.read("static-imports").input();

        // When
        ImportPlan plan = ImportPlanner.plan(input);

        // Then: the bus import is the only one the service owns; the three static ones are pinned
        assertThat(plan.imports()).extracting(DesiredImport::name).containsExactly("cart");
        assertThat(plan.pinned()).extracting(DesiredImport::name).containsExactlyInAnyOrder("payment", "ledger",
                "broken");
        DesiredImport payment = pinned(plan, "payment");
        assertThat(payment.clusters()).containsExactly("dc-7");
        assertThat(payment.ips()).containsExactly("10.96.0.17");
        assertThat(payment.egressPorts()).filteredOn(e -> e.port() == 8080).extracting(e -> e.egressPort())
                .containsExactly(40007);
        assertThat(payment.egressPorts()).hasSize(2);
        assertThat(payment.tunnels()).singleElement().satisfies(t -> {
            assertThat(t.cluster()).isEqualTo("dc-7");
            assertThat(t.tunnel()).isEqualTo("internet");
        });
        assertThat(payment.conditions()).filteredOn(c -> c.type().equals(ImportCondition.STATIC_INGRESS))
                .singleElement().satisfies(c -> assertThat(c.message()).contains("127.0.1.7:32000 as cluster dc-7")
                        .contains("the exports of cluster-1 on the event bus are not merged in"));
        assertThat(plan.services()).extracting(DesiredService::importName).containsExactlyInAnyOrder("payment",
                "cart");
        assertThat(pinned(plan, "ledger").conditions()).filteredOn(c -> c.type().equals(ImportCondition.READY))
                .singleElement().satisfies(c -> {
                    assertThat(c.reason()).isEqualTo(PinnedImport.REASON_POLICY_NOT_FOUND);
                    assertThat(c.message()).contains("sd-wan-priority-gold");
                });
        assertThat(pinned(plan, "broken").conditions()).filteredOn(c -> c.type().equals(ImportCondition.READY))
                .singleElement().satisfies(c -> assertThat(c.message()).contains("'high' is not a number"));
        // cart waits for its VIP before its event goes out; the unusable static imports get none
        assertThat(plan.publish()).extracting(e -> e.name()).containsExactly("payment");
    }

    private static DesiredImport pinned(ImportPlan plan, String name) {
        return plan.pinned().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void planIsTheSameWhenComputedTwice() {
        PlannerInput input = GoldenFiles.read("two-clusters").input();
        assertThat(ImportPlanner.plan(input)).isEqualTo(ImportPlanner.plan(input));
    }

    @Test
    void singleExportIsImportedWithTheDerivedServiceVip() {
        ImportPlan plan = plan("single-export");

        assertThat(plan.imports()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo("ClusterSetIP");
            assertThat(i.ips()).containsExactly("10.96.0.10");
            assertThat(i.derivedService()).isEqualTo("mcw-payment");
            assertThat(i.conditions()).extracting(ImportCondition::type, ImportCondition::status).containsExactly(
                    tuple("Ready", ImportCondition.Status.TRUE),
                    tuple("WANPolicySatisfied", ImportCondition.Status.UNKNOWN));
        });
        assertThat(plan.services()).singleElement().satisfies(s -> assertThat(s.ports()).singleElement()
                .satisfies(p -> assertThat(p.targetPort()).isEqualTo(plan.imports().get(0).egressPorts().get(0)
                        .egressPort())));
        assertThat(plan.endpointSlices()).singleElement().satisfies(s -> {
            assertThat(s.addressType()).isEqualTo("IPv4");
            assertThat(s.endpoints()).extracting(EgressEndpoint::address, EgressEndpoint::ready, EgressEndpoint::pod)
                    .containsExactly(tuple("10.0.2.1", true, null));
        });
        assertThat(plan.publish()).extracting(ImportEvent::state).containsExactly(ImportState.IMPORTED);
    }

    @Test
    void vipNotYetAllocatedIsNotPublished() {
        ImportPlan plan = plan("cluster-ip-pending");

        assertThat(plan.imports()).singleElement().satisfies(i -> {
            assertThat(i.ips()).isEmpty();
            assertThat(i.ipFamilies()).isEmpty();
            assertThat(i.conditions().get(0).reason()).isEqualTo("Pending");
        });
        assertThat(plan.services()).hasSize(1);
        assertThat(plan.publish()).isEmpty();
        assertThat(plan.tombstones()).isEmpty();
    }

    @Test
    void missingNamespaceWaits() {
        ImportPlan plan = plan("namespace-missing");

        assertThat(plan.imports()).extracting(DesiredImport::namespace).containsExactly("secure");
        assertThat(plan.states()).containsEntry("cluster-2/other/web", ImportState.WAITING_FOR_NAMESPACE);
        assertThat(plan.publish()).filteredOn(e -> e.namespace().equals("other")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("namespace other does not exist"));
    }

    @Test
    void twoClustersGiveThePortUnionAndBothClustersAndAPortConflict() {
        DesiredImport i = plan("two-clusters").imports().get(0);

        assertThat(i.ports()).extracting(ImportPort::name).containsExactly("http", "grpc");
        assertThat(i.clusters()).containsExactly("cluster-1", "cluster-3");
        assertThat(i.egressPorts()).extracting(EgressPort::name).containsExactly("http", "grpc");
        assertThat(i.conditions()).filteredOn(c -> c.type().equals("Conflict")).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("PortConflict"));
    }

    @Test
    void theServiceImportCarriesTheExportedServicesFieldsAndNotItsUdpPort() {
        ImportPlan plan = plan("conformance-hello");

        assertThat(plan.imports()).singleElement().satisfies(i -> {
            assertThat(i.ports()).containsExactly(new ImportPort("tcp", "TCP", null, 42));
            assertThat(i.ips()).containsExactly("10.96.0.42");
            assertThat(i.ipFamilies()).containsExactly("IPv4");
            assertThat(i.sessionAffinity()).isEqualTo("ClientIP");
            assertThat(i.sessionAffinityConfig()).isEqualTo(SessionAffinityConfig.clientIP(10));
            assertThat(i.internalTrafficPolicy()).isEqualTo("Cluster");
            assertThat(i.trafficDistribution()).isEqualTo("PreferClose");
            assertThat(i.egressPorts()).extracting(EgressPort::port).containsExactly(42);
            assertThat(i.conditions()).extracting(ImportCondition::type, ImportCondition::status, ImportCondition::reason)
                    .containsExactly(tuple("Ready", ImportCondition.Status.TRUE, "Ready"),
                            tuple("PortsCarried", ImportCondition.Status.FALSE, "UnsupportedProtocol"),
                            tuple("WANPolicySatisfied", ImportCondition.Status.UNKNOWN, "NotMeasured"));
            assertThat(i.conditions().get(1).message()).endsWith(": cluster-1: 'udp' 42/UDP");
        });
        assertThat(plan.services()).singleElement().satisfies(s -> assertThat(s.ports())
                .extracting(DesiredService.ServicePort::protocol).containsExactly("TCP"));
        assertThat(plan.endpointSlices()).singleElement().satisfies(s -> {
            assertThat(s.sourceCluster()).isEqualTo("cluster-2");
            assertThat(s.ports()).extracting(DesiredEndpointSlice.SlicePort::protocol).containsExactly("TCP");
        });
    }

    @Test
    void anSctpPortOfOneClusterIsAPortConflictAndIsNotImported() {
        DesiredImport i = plan("port-union-sctp").imports().get(0);

        assertThat(i.ports()).containsExactly(new ImportPort("tcp", "TCP", null, 42));
        assertThat(i.conditions()).filteredOn(c -> c.type().equals("Conflict")).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("PortConflict");
            assertThat(c.message()).isEqualTo("port 'stcp': cluster-1 has none, cluster-3 has 142/SCTP; not imported:"
                    + " MCW does not carry SCTP across the WAN");
        });
        assertThat(i.conditions()).filteredOn(c -> c.type().equals("PortsCarried")).singleElement()
                .satisfies(c -> assertThat(c.message()).endsWith(": cluster-1: 'udp' 42/UDP; cluster-3: 'udp' 42/UDP,"
                        + " 'stcp' 142/SCTP"));
    }

    @Test
    void theOldestExportsLabelsAndAnnotationsGoOnTheImportAndOthersAreAConflict() {
        // Given: the conformance case of two clusters with conflicting annotations and labels; cluster-1 is older
        PlannerInput golden = GoldenFiles.read("two-clusters").input();
        List<ExportEvent> exports = golden.exports().stream()
                .map(e -> e.cluster().equals("cluster-1")
                        ? e.withExported(Map.of("dummy-label", "true"), Map.of("dummy-annotation", "true"))
                        : e.withExported(Map.of("dummy-label2", "true"), Map.of("dummy-annotation2", "true")))
                .toList();
        PlannerInput input = new PlannerInput(golden.config(), exports, golden.namespaces(), golden.allocations(),
                golden.clusterIps(), golden.foreign(), golden.published(), golden.egressPods(), golden.wan());

        // When
        DesiredImport i = ImportPlanner.plan(input).imports().get(0);

        // Then
        assertThat(i.exportedLabels()).containsExactly(Map.entry("dummy-label", "true"));
        assertThat(i.exportedAnnotations()).containsExactly(Map.entry("dummy-annotation", "true"));
        assertThat(i.conditions()).filteredOn(c -> c.type().equals("Conflict")).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("PortConflict,AnnotationsConflict,LabelsConflict"));
    }

    @Test
    void conflictGetsAConflictConditionAndState() {
        ImportPlan plan = plan("conflict");

        assertThat(plan.imports().get(0).conditions()).filteredOn(c -> c.type().equals("Conflict")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(ImportCondition.Status.TRUE);
                    assertThat(c.reason()).isEqualTo("PortConflict,WANPolicyConflict");
                    assertThat(c.message()).contains("WAN policy conflict");
                });
        assertThat(plan.states()).containsValue(ImportState.CONFLICT);
    }

    @Test
    void headlessHasNoVipAndTheFamilyOfItsEndpoints() {
        ImportPlan plan = plan("headless");

        assertThat(plan.imports().get(0).ips()).isEmpty();
        assertThat(plan.imports().get(0).ipFamilies()).containsExactly("IPv4");
        assertThat(plan.services()).singleElement().satisfies(s -> assertThat(s.headless()).isTrue());
        assertThat(plan.publish()).hasSize(1);
    }

    @Test
    void withdrawnExportTombstonesOnlyThisClustersKey() {
        ImportPlan plan = plan("withdrawn");

        assertThat(plan.imports()).isEmpty();
        assertThat(plan.services()).isEmpty();
        assertThat(plan.tombstones()).containsExactly("cluster-2/secure/payment");
    }

    @Test
    void foreignObjectsAreLeftAloneAndReported() {
        ImportPlan plan = plan("foreign-objects");

        assertThat(plan.imports()).extracting(DesiredImport::name).containsExactly("cart");
        assertThat(plan.services()).isEmpty();
        assertThat(plan.notices()).hasSize(2).allMatch(n -> n.contains("left alone"));
    }

    @Test
    void unchangedEventsAreNotPublishedAgain() {
        assertThat(plan("unchanged").publish()).isEmpty();
    }

    @Test
    void readyGatewayPodsThatMatchTheSelectorAreTheEndpoints() {
        ImportPlan plan = plan("egress-pods-ready");

        assertThat(plan.endpointSlices()).singleElement().satisfies(s -> {
            assertThat(s.addressType()).isEqualTo("IPv4");
            assertThat(s.endpoints()).extracting(EgressEndpoint::address, EgressEndpoint::ready,
                    EgressEndpoint::serving, EgressEndpoint::terminating, EgressEndpoint::nodeName, e -> e.pod().name())
                    .containsExactly(tuple("10.244.1.5", true, true, false, "node-1", "mcw-gateway-service-7d9f-a1zzp"),
                            tuple("10.244.2.7", true, true, false, "node-2", "mcw-gateway-service-7d9f-b2xkq"));
        });
        assertThat(plan.imports().get(0).conditions()).extracting(ImportCondition::type, ImportCondition::status)
                .containsExactly(tuple("Ready", ImportCondition.Status.TRUE),
                        tuple("WANPolicySatisfied", ImportCondition.Status.UNKNOWN));
        assertThat(plan.egress().problem()).isNull();
    }

    @Test
    void notReadyGatewayPodIsAnEndpointThatIsNotReady() {
        ImportPlan plan = plan("egress-pod-not-ready");

        assertThat(plan.endpointSlices().get(0).endpoints())
                .extracting(EgressEndpoint::address, EgressEndpoint::ready, EgressEndpoint::serving)
                .containsExactly(tuple("10.244.1.5", true, true), tuple("10.244.2.7", false, false));
        assertThat(plan.imports().get(0).conditions().get(0).status()).isEqualTo(ImportCondition.Status.TRUE);
    }

    @Test
    void terminatingGatewayPodIsServingButNotReadyAndTheImportSaysWhy() {
        ImportPlan plan = plan("egress-pod-terminating");

        assertThat(plan.endpointSlices().get(0).endpoints())
                .extracting(EgressEndpoint::address, EgressEndpoint::ready, EgressEndpoint::serving,
                        EgressEndpoint::terminating)
                .containsExactly(tuple("10.244.1.5", false, true, true), tuple("10.244.2.8", false, false, false));
        assertThat(plan.imports()).singleElement().satisfies(i -> assertThat(i.conditions().get(0)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(ImportCondition.Status.FALSE);
            assertThat(c.reason()).isEqualTo("EgressGatewayNotReady");
            assertThat(c.message()).contains("2 pod(s) in namespace mcw-system",
                    "app.kubernetes.io/name=mcw-gateway-service", "none is Running", "secure/mcw-payment");
        }));
    }

    @Test
    void noGatewayPodKeepsTheImportServiceAndAnEmptySlice() {
        ImportPlan plan = plan("egress-pods-none");

        assertThat(plan.imports()).singleElement().satisfies(i -> {
            assertThat(i.ips()).containsExactly("10.96.0.10");
            assertThat(i.conditions().get(0)).satisfies(c -> {
                assertThat(c.status()).isEqualTo(ImportCondition.Status.FALSE);
                assertThat(c.reason()).isEqualTo("EgressGatewayNotReady");
                assertThat(c.message()).startsWith("no egress gateway pod: no pods in namespace mcw-system match "
                        + "mcw.import.egress-pod-selector app.kubernetes.io/name=mcw-gateway-service");
            });
        });
        assertThat(plan.services()).hasSize(1);
        assertThat(plan.endpointSlices()).singleElement().satisfies(s -> assertThat(s.endpoints()).isEmpty());
        assertThat(plan.egress().problem()).startsWith("no egress gateway pod");
        assertThat(plan.publish()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(ImportState.IMPORTED);
            assertThat(e.message()).isNull();
        });
        assertThat(plan.tombstones()).isEmpty();
    }

    @Test
    void ipv6GatewayPodsGiveAnIpv6Slice() {
        ImportPlan plan = plan("egress-pods-ipv6");

        assertThat(plan.endpointSlices()).singleElement().satisfies(s -> {
            assertThat(s.addressType()).isEqualTo("IPv6");
            assertThat(s.endpoints()).extracting(EgressEndpoint::address)
                    .containsExactly("fd00:10:244:1::5", "fd00:10:244:2::7");
        });
    }

    @Test
    void wanStatusNamesTheClusterWhoseTunnelBreaksTheSlaAndListsEveryExporter() {
        DesiredImport i = plan("wan-status").imports().get(0);

        assertThat(i.conditions()).filteredOn(c -> c.type().equals("WANPolicySatisfied")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(ImportCondition.Status.FALSE);
                    assertThat(c.reason()).isEqualTo("SLAViolated");
                    assertThat(c.message()).contains("cluster-3 over premium", "latency 120 ms > 100 ms")
                            .doesNotContain("cluster-1 over");
                });
        assertThat(i.tunnels()).extracting(ImportTunnel::cluster, ImportTunnel::tunnel, ImportTunnel::slaSatisfied)
                .containsExactly(tuple("cluster-1", "business", true), tuple("cluster-2", null, null),
                        tuple("cluster-3", "premium", false));
    }

    @Test
    void wanStatusIsNotImportState() {
        GoldenFiles.Case wan = GoldenFiles.read("wan-status");
        PlannerInput measured = wan.input();
        PlannerInput unmeasured = new PlannerInput(measured.config(), measured.exports(), measured.namespaces(),
                measured.allocations(), measured.clusterIps(), measured.foreign(), measured.published(),
                measured.egressPods(), WanReports.NONE);

        assertThat(ImportPlanner.plan(measured).publish()).isEqualTo(ImportPlanner.plan(unmeasured).publish())
                .isNotEmpty();
    }

    private static ImportPlan plan(String name) {
        return ImportPlanner.plan(GoldenFiles.read(name).input());
    }
}
