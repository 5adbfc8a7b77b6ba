package io.l7mp.mcw.testkit.wan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.l7mp.mcw.testkit.wan.WanTopology.Cluster;

/** The emulator's topology: the sandbox's addressing, and the rule that no cluster address leaves the machine. */
class WanEmulatorTopologyTest {

    @Test
    void sandboxClustersGetLocalAndWanLoopbackAddresses() {
        // When
        WanTopology topology = WanTopology.sandbox(List.of("cluster-1", "cluster-2", "cluster-12"),
                WanTopology.SEED_TUNNELS);

        // Then
        assertThat(topology.clusters().values()).containsExactly(
                new Cluster("cluster-1", "127.0.0.1", "127.0.1.1"),
                new Cluster("cluster-2", "127.0.0.2", "127.0.1.2"),
                new Cluster("cluster-12", "127.0.0.12", "127.0.1.12"));
        assertThat(topology.tunnels()).containsExactly(Map.entry("business", 31111), Map.entry("internet", 31112));
        assertThat(topology.clusterAt("127.0.0.2")).map(Cluster::name).contains("cluster-2");
        assertThat(topology.clusterAt("127.0.1.2")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.1", "192.168.1.20", "8.8.8.8", "0.0.0.0", "128.0.0.1", "localhost", "::1",
            "127.0.0.256", "127.1", "example.com" })
    void aClusterAddressOutsideLoopbackIsRefusedByName(String address) {
        // Then: as local address and as WAN address
        assertThatThrownBy(() -> new Cluster("cluster-1", address, "127.0.1.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + address + "'")
                .hasMessageContaining("127.0.0.0/8");
        assertThatThrownBy(() -> new Cluster("cluster-1", "127.0.0.1", address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + address + "'");
    }

    @Test
    void anEmulatorCannotBeStartedWithAnAddressOutsideLoopback() {
        // Then: the topology refuses before anything listens or dials
        assertThatThrownBy(() -> WanEmulator.start(new WanTopology(
                Map.of("cluster-1", new Cluster("cluster-1", "10.1.2.3", "127.0.1.1")), WanTopology.SEED_TUNNELS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.2.3");
    }

    @Test
    void inconsistentTopologiesAreRefused() {
        // Then: two clusters on one address, two tunnels on one port, no port, a name the sandbox cannot address,
        // one address for both roles, a name that cannot be part of a URL path
        assertThatThrownBy(() -> new WanTopology(Map.of(
                "a", new Cluster("a", "127.0.0.1", "127.0.1.1"),
                "b", new Cluster("b", "127.0.0.1", "127.0.1.2")), Map.of()))
                .hasMessageContaining("127.0.0.1").hasMessageContaining("both use address");
        assertThatThrownBy(() -> WanTopology.sandbox(List.of("cluster-1"), Map.of("x", 31111, "y", 31111)))
                .hasMessageContaining("both use port 31111");
        assertThatThrownBy(() -> WanTopology.sandbox(List.of("cluster-1"), Map.of("x", 0)))
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> WanTopology.sandbox(List.of("payments"), Map.of()))
                .hasMessageContaining("'payments'");
        assertThatThrownBy(() -> new Cluster("a", "127.0.0.1", "127.0.0.1"))
                .hasMessageContaining("local and WAN address are both 127.0.0.1");
        assertThatThrownBy(() -> WanTopology.sandbox(List.of("cluster-1"), Map.of("a/b", 1)))
                .hasMessageContaining("'a/b'");
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        // Given
        WanTopology topology = WanTopology.sandbox(List.of("cluster-1", "cluster-2"), WanTopology.SEED_TUNNELS);

        // Then
        assertThatThrownBy(() -> topology.cluster("cluster-3"))
                .hasMessage("Unknown cluster 'cluster-3', expected one of [cluster-1, cluster-2]");
        assertThatThrownBy(() -> topology.tunnelPort("satellite"))
                .hasMessage("Unknown tunnel 'satellite', expected one of [business, internet]");
        assertThatThrownBy(() -> topology.withTunnel("business", 32000))
                .hasMessageContaining("'business' exists already");
    }
}
