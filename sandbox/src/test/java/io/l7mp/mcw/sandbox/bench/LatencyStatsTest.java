package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesAreNearestRankOverTheItemsThatArrived() {
        // Given: 100 items created at 0 arriving after 1..100 ms, and one that never arrived
        Map<String, Long> created = new LinkedHashMap<>();
        Map<String, Long> arrived = new LinkedHashMap<>();
        for (int i = 1; i <= 100; i++) {
            created.put("svc-" + i, 0L);
            arrived.put("svc-" + i, i * 1_000_000L);
        }
        created.put("lost", 0L);

        // When
        LatencyStats stats = LatencyStats.of(created, arrived);

        // Then
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50Ms()).isEqualTo(50.0);
        assertThat(stats.p99Ms()).isEqualTo(99.0);
        assertThat(stats.maxMs()).isEqualTo(100.0);
    }

    @Test
    void nothingArrivedGivesNoNumbers() {
        LatencyStats stats = LatencyStats.of(Map.of("a", 0L), Map.of());

        assertThat(stats.count()).isZero();
        assertThat(stats.p50Ms()).isNaN();
        assertThat(stats.maxMs()).isNaN();
    }
}
