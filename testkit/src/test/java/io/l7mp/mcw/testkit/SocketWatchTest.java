package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The watch sees this process's sockets to peers off the loopback interface, and only those. */
class SocketWatchTest {

    @Test
    void loopbackConnectionsAreNotOffenders() throws Exception {
        // Given
        try (SocketWatch watch = SocketWatch.self();
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            // When
            long before = watch.polls();
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.polls() > before + 10);

            // Then
            assertThat(watch.offenders()).isEmpty();
            assertThat(accepted.isConnected()).isTrue();
        }
    }

    @Test
    void aSocketToAnAddressOffTheMachineIsSeenWithoutAPacketLeavingIt() throws Exception {
        // Given: a UDP socket connected to a documentation address (RFC 5737): connect() on UDP sends nothing
        try (SocketWatch watch = SocketWatch.self(); DatagramSocket udp = new DatagramSocket()) {
            // When
            udp.connect(new InetSocketAddress("192.0.2.1", 9));

            // Then
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(watch.offenders()).contains("192.0.2.1:9"));
            assertThat(udp.isConnected()).isTrue();
            udp.disconnect();
        }
    }
}
