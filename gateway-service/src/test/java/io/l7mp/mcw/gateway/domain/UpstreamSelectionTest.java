package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamSelectionTest {
    private static final TunnelOption BUSINESS = new TunnelOption("business", 31111, 46, "high");
    private static final TunnelOption INTERNET = new TunnelOption("internet", 31112, null, "low");
    private static final List<DestinationCluster> CLUSTERS = List.of(cluster("cluster-1", 3),
            cluster("cluster-2", 1), cluster("cluster-4", 0));

    @ParameterizedTest(name = "random {0} -> {1}")
    @CsvSource({
            "0.0, cluster-1 cluster-2 cluster-4",
            "0.5, cluster-1 cluster-2 cluster-4",
            "0.7499, cluster-1 cluster-2 cluster-4",
            "0.75, cluster-2 cluster-1 cluster-4",
            "0.9999, cluster-2 cluster-1 cluster-4",
    })
    void firstCandidateIsWeightedByReadyEndpointsAndTheRestFollowInExportOrder(double random, String expected) {
        assertThat(UpstreamSelector.order(CLUSTERS, random)).extracting(Upstream::cluster)
                .containsExactly(expected.split(" "));
    }

    @Test
    void spreadFollowsReadyEndpointCounts() {
        // Given
        Map<String, Integer> firsts = new TreeMap<>();

        // When: 1000 evenly spaced random numbers
        for (int i = 0; i < 1000; i++) {
            firsts.merge(UpstreamSelector.order(CLUSTERS, i / 1000.0).get(0).cluster(), 1, Integer::sum);
        }

        // Then
        assertThat(firsts).isEqualTo(Map.of("cluster-1", 750, "cluster-2", 250));
    }

    @Test
    void clustersWithoutReadyEndpointsComeLastInExportOrder() {
        List<DestinationCluster> clusters = List.of(cluster("cluster-5", 0), cluster("cluster-6", 2),
                cluster("cluster-7", 0));
        assertThat(UpstreamSelector.order(clusters, 0.9)).extracting(Upstream::cluster)
                .containsExactly("cluster-6", "cluster-5", "cluster-7");
    }

    @Test
    void withNoReadyEndpointAnywhereAllAreTriedInExportOrder() {
        List<DestinationCluster> clusters = List.of(cluster("cluster-5", 0), cluster("cluster-6", 0));
        assertThat(UpstreamSelector.order(clusters, 0.9)).extracting(Upstream::cluster)
                .containsExactly("cluster-5", "cluster-6");
    }

    @Test
    void candidateCarriesTheClustersTunnel() {
        assertThat(UpstreamSelector.order(List.of(cluster("cluster-1", 1)), 0)).containsExactly(
                new Upstream("cluster-1", "gw.cluster-1", 31111, "high", "business", 46));
    }

    @Test
    void noClusterGivesNoCandidate() {
        assertThat(UpstreamSelector.order(List.of(), 0.3)).isEmpty();
    }

    @Test
    void aClustersFallbackTunnelsFollowItsTunnelInUseBeforeTheNextCluster() {
        // Given: cluster-1 on internet after a failover, business as its fallback; cluster-2 on business
        DestinationCluster failedOver = cluster("cluster-1", 3, TunnelChoice.Kind.FAILOVER, INTERNET, BUSINESS);
        DestinationCluster healthy = cluster("cluster-2", 1, TunnelChoice.Kind.PREFERRED, BUSINESS);

        // When
        List<Upstream> order = UpstreamSelector.order(List.of(failedOver, healthy), 0.1);

        // Then
        assertThat(order).extracting(u -> u.cluster() + "/" + u.tunnel()).containsExactly("cluster-1/internet",
                "cluster-1/business", "cluster-2/business");
    }

    @Test
    void aClusterWithEveryTunnelDownIsNeverPickedFirstAndComesLast() {
        // Given: cluster-1 has the most endpoints but every tunnel to it is down
        DestinationCluster down = cluster("cluster-1", 10, TunnelChoice.Kind.ALL_DOWN, BUSINESS);
        DestinationCluster idle = cluster("cluster-3", 0, TunnelChoice.Kind.PREFERRED, BUSINESS);
        DestinationCluster up = cluster("cluster-2", 1, TunnelChoice.Kind.PREFERRED, BUSINESS);

        // When: whatever the random number
        List<String> first = List.of(0.0, 0.5, 0.99).stream()
                .map(r -> UpstreamSelector.order(List.of(down, idle, up), r).get(0).cluster()).toList();

        // Then
        assertThat(first).containsOnly("cluster-2");
        assertThat(UpstreamSelector.order(List.of(down, idle, up), 0.5)).extracting(Upstream::cluster)
                .containsExactly("cluster-2", "cluster-3", "cluster-1");
    }

    private static DestinationCluster cluster(String name, int ready) {
        return cluster(name, ready, TunnelChoice.Kind.PREFERRED, BUSINESS);
    }

    private static DestinationCluster cluster(String name, int ready, TunnelChoice.Kind kind, TunnelOption active,
            TunnelOption... fallbacks) {
        TunnelChoice choice = new TunnelChoice(name, "high", "business", active, List.of(fallbacks), null, kind, "",
                null);
        return new DestinationCluster(name, "gw." + name, "high", choice, ready,
                Instant.parse("2026-01-01T10:00:00Z"), List.of(8080));
    }
}
