package io.l7mp.mcw.testkit.wan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.testkit.wan.WanEmulatorMain.Options;

/** The command line of the emulator's own process. */
class WanEmulatorMainTest {

    @Test
    void clustersTunnelsAndApiPortAreRead() {
        // When
        Options options = Options.parse(new String[] { "--clusters", "cluster-1,cluster-2", "--tunnels",
                "business=31111,video=32000", "--api-port", "8099", "--parent-pid", "42" });

        // Then
        assertThat(options.topology().clusters()).containsOnlyKeys("cluster-1", "cluster-2");
        assertThat(options.topology().cluster("cluster-2").wanAddress()).isEqualTo("127.0.1.2");
        assertThat(options.topology().tunnels()).containsExactly(Map.entry("business", 31111),
                Map.entry("video", 32000));
        assertThat(options.apiPort()).isEqualTo(8099);
        assertThat(options.parentPid()).isEqualTo(42);
    }

    @Test
    void theSeedTunnelsAndAnyApiPortAreTheDefaults() {
        // When
        Options options = Options.parse(new String[] { "--clusters", "cluster-1" });

        // Then
        assertThat(options.topology().tunnels()).isEqualTo(WanTopology.SEED_TUNNELS);
        assertThat(options.apiPort()).isZero();
    }

    @Test
    void badArgumentsAreNamed() {
        // Then
        assertThatThrownBy(() -> Options.parse(new String[] { "--cluster", "cluster-1" }))
                .hasMessageStartingWith("Unknown option '--cluster'");
        assertThatThrownBy(() -> Options.parse(new String[] { "--tunnels", "business=31111" }))
                .hasMessageStartingWith("Missing option --clusters");
        assertThatThrownBy(() -> Options.parse(new String[] { "--clusters", "cluster-1", "--tunnels", "business" }))
                .hasMessageContaining("'business' is not NAME=PORT");
        assertThatThrownBy(() -> Options.parse(new String[] { "--clusters", "cluster-1", "--api-port", "http" }))
                .hasMessage("--api-port: 'http' is not a number from 0 to 65535");
    }
}
