package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;

/**
 * Golden-file tests of the ImportPlanner (see {@link GoldenFiles}), plus the key facts of each case asserted
 * directly, so that a careless {@code -Dmcw.golden.update=true} cannot bless a broken plan.
 */
class ImportPlannerTest {
    static final List<String> CASES = List.of("single-export", "cluster-ip-pending", "namespace-missing",
            "two-clusters", "conflict", "headless", "withdrawn", "existing-allocations", "foreign-objects",
            "egress-exhausted", "unchanged", "long-name");

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
            assertThat(i.conditions()).extracting(ImportCondition::type, ImportCondition::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", true));
        });
        assertThat(plan.services()).singleElement().satisfies(s -> assertThat(s.ports()).singleElement()
                .satisfies(p -> assertThat(p.targetPort()).isEqualTo(plan.imports().get(0).egressPorts().get(0)
                        .egressPort())));
        assertThat(plan.endpointSlices()).singleElement()
                .satisfies(s -> assertThat(s.addresses()).containsExactly("10.0.2.1"));
        assertThat(plan.publish()).extracting(ImportEvent::state).containsExactly(ImportState.IMPORTED);
    }

    @Test
    void vipNotYetAllocatedIsNotPublished() {
        ImportPlan plan = plan("cluster-ip-pending");

        assertThat(plan.imports()).singleElement().satisfies(i -> assertThat(i.ips()).isEmpty());
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
    void twoClustersGiveThePortUnionAndBothClusters() {
        DesiredImport i = plan("two-clusters").imports().get(0);

        assertThat(i.ports()).extracting(ImportPort::name).containsExactly("http", "grpc");
        assertThat(i.clusters()).containsExactly("cluster-1", "cluster-3");
        assertThat(i.egressPorts()).extracting(EgressPort::name).containsExactly("http", "grpc");
    }

    @Test
    void conflictGetsAConflictConditionAndState() {
        ImportPlan plan = plan("conflict");

        assertThat(plan.imports().get(0).conditions()).filteredOn(c -> c.type().equals("Conflict")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isTrue();
                    assertThat(c.reason()).isEqualTo("PortConflict");
                    assertThat(c.message()).contains("WAN policy conflict");
                });
        assertThat(plan.states()).containsValue(ImportState.CONFLICT);
    }

    @Test
    void headlessHasNoVip() {
        ImportPlan plan = plan("headless");

        assertThat(plan.imports().get(0).ips()).isEmpty();
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

    private static ImportPlan plan(String name) {
        return ImportPlanner.plan(GoldenFiles.read(name).input());
    }
}
