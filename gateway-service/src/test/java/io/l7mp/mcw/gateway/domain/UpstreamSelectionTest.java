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

    private static DestinationCluster cluster(String name, int ready) {
        return new DestinationCluster(name, "gw." + name, "high", "business", 31111, 46, ready,
                Instant.parse("2026-01-01T10:00:00Z"), List.of(8080));
    }
}
