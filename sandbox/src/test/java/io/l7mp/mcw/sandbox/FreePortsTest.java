package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The sandbox's ports: below the ephemeral range, never one in use, never the same twice. */
class FreePortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
        FreePorts ports = new FreePorts();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = ports.next();
            assertThat(port).isBetween(24000, FreePorts.ephemeralStart() - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void aPortWithAListenerIsNeverHandedOut() throws IOException {
        // Given: a range of 101 ports, one of which has a listener
        FreePorts probe = new FreePorts();
        int base = probe.next();
        int lowest = Math.max(24000, Math.min(base, FreePorts.ephemeralStart() - 101));
        try (ServerSocket taken = new ServerSocket(lowest + 50, 1, InetAddress.getLoopbackAddress())) {
            FreePorts ports = new FreePorts(lowest, lowest + 100);

            // When: every port of the range that can be had is taken
            Set<Integer> handed = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                handed.add(ports.next());
            }

            // Then: the listener's port is not among them
            assertThat(handed).hasSize(100).doesNotContain(taken.getLocalPort());
        }
    }
}
