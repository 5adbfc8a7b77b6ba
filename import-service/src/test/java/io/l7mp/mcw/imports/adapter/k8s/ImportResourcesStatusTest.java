package io.l7mp.mcw.imports.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportStatus;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.imports.domain.DesiredImport;
import io.l7mp.mcw.imports.domain.ImportCondition;
import io.l7mp.mcw.imports.domain.ImportTunnel;

/**
 * The ServiceImport status written from the plan: metav1.Condition conventions (lastTransitionTime moves only when
 * the status does), other components' conditions kept, and {@code status.tunnels}.
 */
class ImportResourcesStatusTest {
    private static final Instant EARLIER = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-05T11:30:00.123Z");
    private static final ImportTunnel BUSINESS = new ImportTunnel("cluster-1", "sd-wan-priority-high", "business",
            "business", 31111, TunnelState.UP, true, "business is healthy", 12.0, 1.1, 0.0);

    @Test
    void newConditionStartsNowAndTunnelsAreWritten() {
        // Given
        ServiceImport actual = serviceImport();

        // When
        ServiceImportStatus status = ImportResources.status(desired(wan(ImportCondition.Status.UNKNOWN, "NotMeasured"),
                BUSINESS), actual, NOW);

        // Then
        assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason,
                Condition::getLastTransitionTime)
                .containsExactly(tuple("Ready", "True", "Ready", "2026-01-05T11:30:00Z"),
                        tuple("WANPolicySatisfied", "Unknown", "NotMeasured", "2026-01-05T11:30:00Z"));
        assertThat(status.getTunnels()).singleElement().satisfies(t -> {
            assertThat(t.getCluster()).isEqualTo("cluster-1");
            assertThat(t.getPolicy()).isEqualTo("sd-wan-priority-high");
            assertThat(t.getPreferredTunnel()).isEqualTo("business");
            assertThat(t.getTunnel()).isEqualTo("business");
            assertThat(t.getPort()).isEqualTo(31111);
            assertThat(t.getState()).isEqualTo("UP");
            assertThat(t.getSlaSatisfied()).isTrue();
            assertThat(t.getReason()).isEqualTo("business is healthy");
            assertThat(t.getRttMs()).isEqualTo(12.0);
            assertThat(t.getJitterMs()).isEqualTo(1.1);
            assertThat(t.getLossPercent()).isEqualTo(0.0);
        });
    }

    @Test
    void sameStatusWithAnotherReasonKeepsItsTransitionTime() {
        // Given: False since EARLIER, for another reason
        ServiceImport actual = serviceImport(condition("WANPolicySatisfied", "False", "AllTunnelsDown"));

        // When
        ServiceImportStatus status = ImportResources.status(desired(wan(ImportCondition.Status.FALSE, "SLAViolated")),
                actual, NOW);

        // Then
        assertThat(wanCondition(status).getReason()).isEqualTo("SLAViolated");
        assertThat(wanCondition(status).getLastTransitionTime()).isEqualTo(EARLIER.toString());
    }

    @Test
    void statusChangeMovesTheTransitionTime() {
        // Given
        ServiceImport actual = serviceImport(condition("WANPolicySatisfied", "False", "SLAViolated"));

        // When
        ServiceImportStatus status = ImportResources.status(desired(wan(ImportCondition.Status.TRUE, "SLASatisfied")),
                actual, NOW);

        // Then
        assertThat(wanCondition(status).getStatus()).isEqualTo("True");
        assertThat(wanCondition(status).getLastTransitionTime()).isEqualTo("2026-01-05T11:30:00Z");
    }

    @Test
    void conditionsOfOtherComponentsAreKept() {
        // Given
        ServiceImport actual = serviceImport(condition("example.com/Audited", "True", "Checked"));

        // When
        ServiceImportStatus status = ImportResources.status(desired(wan(ImportCondition.Status.TRUE, "SLASatisfied")),
                actual, NOW);

        // Then
        assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("example.com/Audited",
                "Ready", "WANPolicySatisfied");
    }

    private static ImportCondition wan(ImportCondition.Status status, String reason) {
        return new ImportCondition(ImportCondition.WAN_POLICY_SATISFIED, status, reason, "why");
    }

    private static DesiredImport desired(ImportCondition wan, ImportTunnel... tunnels) {
        return new DesiredImport("secure", "payment", "ClusterSetIP", "None", List.of(), List.of(),
                List.of("cluster-1"), "sd-wan-priority-high", List.of(), "mcw-payment",
                List.of(new ImportCondition(ImportCondition.READY, true, "Ready", "imported"), wan),
                List.of(tunnels), null, null, null, List.of());
    }

    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("before")
                .withLastTransitionTime(EARLIER.toString()).withObservedGeneration(1L).build();
    }

    private static ServiceImport serviceImport(Condition... conditions) {
        ServiceImport i = new ServiceImport();
        i.setMetadata(new ObjectMetaBuilder().withNamespace("secure").withName("payment").withGeneration(1L).build());
        ServiceImportStatus status = new ServiceImportStatus();
        status.setConditions(new ArrayList<>(List.of(conditions)));
        i.setStatus(status);
        return i;
    }

    private static Condition wanCondition(ServiceImportStatus status) {
        return status.getConditions().stream().filter(c -> c.getType().equals("WANPolicySatisfied")).findFirst()
                .orElseThrow();
    }
}
