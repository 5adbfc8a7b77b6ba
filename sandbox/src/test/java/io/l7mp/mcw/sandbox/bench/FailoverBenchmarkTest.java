package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailoverBenchmarkTest {

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };

        assertThat(FailoverBenchmark.rank(sorted, 50)).isEqualTo(50);
        assertThat(FailoverBenchmark.rank(sorted, 99)).isEqualTo(100);
        assertThat(FailoverBenchmark.rank(new double[] { 7 }, 99)).isEqualTo(7);
    }

    @Test
    void statsLeaveOutAndCountTheCutsWhoseEventNeverCame() {
        assertThat(FailoverBenchmark.stats(new double[] { 120.4, Double.NaN, 80.25, 300 }))
                .isEqualTo("120 / 300 / 300 ms (1 never)");
        assertThat(FailoverBenchmark.stats(new double[] { 1.25, 2.5 })).isEqualTo("1.3 / 2.5 / 2.5 ms");
        assertThat(FailoverBenchmark.stats(new double[] { Double.NaN })).isEqualTo("none");
    }
}
