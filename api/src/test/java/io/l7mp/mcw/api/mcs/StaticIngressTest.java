package io.l7mp.mcw.api.mcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;

class StaticIngressTest {
    private static final PolicyEvent HIGH = new PolicyEvent("cluster-2", "sd-wan-priority-high", "business", 31111,
            new Sla(50.0, 10.0, 1.0), 46, List.of("sd-wan-priority-low"), 5, 1);

    @Test
    void anImportWithoutTheIngressAnnotationIsNotStatic() {
        assertThat(StaticIngress.of(Map.of(WANPolicy.ANNOTATION, "x"))).isEmpty();
        assertThat(StaticIngress.of(null)).isEmpty();
        assertThat(StaticIngress.isStatic(Map.of(StaticIngress.ANNOTATION_INGRESS, ""))).isTrue();
    }

    @Test
    void readsTheThreeAnnotations() {
        StaticIngress s = StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "127.0.1.1:31112",
                StaticIngress.ANNOTATION_POLICY, "sd-wan-priority-high", StaticIngress.ANNOTATION_CLUSTER, "dc-1"))
                .orElseThrow();

        assertThat(s.ingress().host()).isEqualTo("127.0.1.1");
        assertThat(s.ingress().port()).isEqualTo(OptionalInt.of(31112));
        assertThat(s.policy()).isEqualTo("sd-wan-priority-high");
        assertThat(s.cluster()).isEqualTo("dc-1");
    }

    @Test
    void theClusterDefaultsToANameMadeFromTheHost() {
        StaticIngress s = StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "[2001:db8::10]",
                StaticIngress.ANNOTATION_POLICY, "p")).orElseThrow();

        assertThat(s.cluster()).isEqualTo("static-2001-db8-10");
        assertThat(s.ingress().port()).isEmpty();
    }

    @Test
    void aMalformedAnnotationIsNamedWithWhatWasExpected() {
        assertThatThrownBy(() -> StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "gw:high",
                StaticIngress.ANNOTATION_POLICY, "p")))
                .hasMessageContaining(StaticIngress.ANNOTATION_INGRESS).hasMessageContaining("'high' is not a number");
        assertThatThrownBy(() -> StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "127.0.1.1")))
                .hasMessageContaining(StaticIngress.ANNOTATION_POLICY + " is missing");
        assertThatThrownBy(() -> StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "127.0.1.1",
                StaticIngress.ANNOTATION_POLICY, "p", StaticIngress.ANNOTATION_CLUSTER, "a/b")))
                .hasMessageContaining(StaticIngress.ANNOTATION_CLUSTER + " is 'a/b'").hasMessageContaining("expected");
    }

    @Test
    void theExportItStandsForCarriesTheLocalPolicyOnTheAnnotationsPort() {
        StaticIngress s = StaticIngress.of(Map.of(StaticIngress.ANNOTATION_INGRESS, "127.0.1.1:32000",
                StaticIngress.ANNOTATION_POLICY, "sd-wan-priority-high", StaticIngress.ANNOTATION_CLUSTER,
                "cluster-1")).orElseThrow();
        Instant created = Instant.parse("2026-12-07T10:00:00Z");

        ExportEvent export = s.asExport("payment", "secure", "ClusterSetIP",
                List.of(new ExportPort("http", "TCP", null, 8080)), HIGH, created);

        assertThat(export.cluster()).isEqualTo("cluster-1");
        assertThat(export.ingressAddress()).isEqualTo("127.0.1.1");
        assertThat(export.policy().name()).isEqualTo("sd-wan-priority-high");
        assertThat(export.policy().tunnel()).isEqualTo("business");
        assertThat(export.policy().port()).isEqualTo(32000);
        assertThat(export.policy().dscp()).isEqualTo(46);
        assertThat(export.exportCreated()).isEqualTo(created);
        assertThat(export.ports()).extracting(ExportPort::port).containsExactly(8080);
    }

    @Test
    void withoutAPortTheLocalPolicysPortIsTheTunnelPort() {
        StaticIngress s = new StaticIngress(io.l7mp.mcw.api.net.HostPort.parse("gw.example.com"),
                "sd-wan-priority-high", "dc-1");

        assertThat(s.exportedPolicy(HIGH).port()).isEqualTo(31111);
    }

    @Test
    void thePolicyAnnotationIsTheOneExportsUse() {
        assertThat(StaticIngress.ANNOTATION_POLICY).isEqualTo(WANPolicy.ANNOTATION);
    }
}
