package io.l7mp.mcw.testkit.wan;

import static io.l7mp.mcw.testkit.wan.WanEmulatorPeers.udpFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.testkit.wan.WanEmulatorPeers.UdpEcho;

/** UDP through the WAN emulator: real datagram sockets on loopback addresses, an echo server as cluster-1's gateway. */
class WanEmulatorUdpTest {

    /** How long a test waits to see that nothing arrives; a relayed datagram takes well under 1 ms. */
    private static final int SILENCE_MILLIS = 300;

    private WanEmulator emulator;
    private UdpEcho cluster1;
    private InetSocketAddress cluster1Wan;

    @BeforeEach
    void start() throws IOException {
        emulator = WanEmulator.start(WanEmulatorPeers.threeClusters());
        cluster1 = new UdpEcho("127.0.0.1", emulator.topology().tunnelPort("business"));
        cluster1Wan = emulator.wanAddress("cluster-1", "business");
    }

    @AfterEach
    void stop() {
        emulator.close();
        cluster1.close();
    }

    @Test
    void relaysOnThePathOfTheSourceClusterAndAnswersFromTheWanAddress() throws IOException {
        try (DatagramSocket fromCluster2 = udpFrom("127.0.0.2"); DatagramSocket fromCluster3 = udpFrom("127.0.0.3")) {
            // When
            DatagramPacket answer2 = exchange(fromCluster2, "two");
            DatagramPacket answer3 = exchange(fromCluster3, "three");

            // Then: each answer comes back to its sender, from the address and port it sent to
            assertThat(text(answer2)).isEqualTo("two");
            assertThat(text(answer3)).isEqualTo("three");
            assertThat(answer2.getSocketAddress()).isEqualTo(cluster1Wan);
            assertThat(answer3.getSocketAddress()).isEqualTo(cluster1Wan);
            assertThat(cluster1.senders).extracting(sender -> sender.getAddress().getHostAddress())
                    .containsExactly("127.0.0.2", "127.0.0.3");
            PathCounters fromTwo = emulator.path("cluster-2", "cluster-1", "business").counters();
            assertThat(fromTwo.datagramsForward()).isEqualTo(1);
            assertThat(fromTwo.datagramsReverse()).isEqualTo(1);
            assertThat(emulator.path("cluster-3", "cluster-1", "business").counters().datagramsForward()).isEqualTo(1);
            assertThat(emulator.path("cluster-2", "cluster-1", "internet").counters().datagramsForward()).isZero();
        }
    }

    @Test
    void aHundredPercentLossDropsEveryDatagramAndZeroPercentNone() throws IOException {
        WanPath path = emulator.path("cluster-2", "cluster-1", "business");
        try (DatagramSocket socket = udpFrom("127.0.0.2")) {
            // When
            path.loss(100);
            for (int i = 0; i < 20; i++) {
                send(socket, "lost-" + i);
            }

            // Then
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(path.counters().datagramsDropped()).isEqualTo(20));
            assertNothingArrives(socket);
            assertThat(cluster1.senders).isEmpty();

            // When
            path.loss(0);
            for (int i = 0; i < 20; i++) {
                send(socket, "kept-" + i);
            }

            // Then
            for (int i = 0; i < 20; i++) {
                assertThat(text(receive(socket))).startsWith("kept-");
            }
            assertThat(path.counters().datagramsForward()).isEqualTo(20);
            assertThat(path.counters().datagramsDropped()).isEqualTo(20);
        }
    }

    @Test
    void aRoundTripTakesAtLeastTwiceTheDelay() throws IOException {
        // Given: the delay applies to the datagram and, again, to its answer
        emulator.path("cluster-2", "cluster-1", "business").delay(Duration.ofMillis(100));

        try (DatagramSocket socket = udpFrom("127.0.0.2")) {
            // When
            long start = System.nanoTime();
            DatagramPacket answer = exchange(socket, "ping");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            // Then
            assertThat(text(answer)).isEqualTo("ping");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void aBlackholeDropsDatagramsUntilRestored() throws IOException {
        WanPath path = emulator.path("cluster-2", "cluster-1", "business");
        try (DatagramSocket socket = udpFrom("127.0.0.2")) {
            assertThat(text(exchange(socket, "before"))).isEqualTo("before");

            // When
            path.blackhole();
            send(socket, "during");

            // Then
            assertNothingArrives(socket);
            assertThat(path.counters().datagramsDropped()).isEqualTo(1);
            assertThat(cluster1.senders).hasSize(1);

            // When
            path.restore();

            // Then
            assertThat(text(exchange(socket, "after"))).isEqualTo("after");
        }
    }

    @Test
    void aResetCutDropsDatagramsToo() throws IOException {
        WanPath path = emulator.path("cluster-2", "cluster-1", "business");
        try (DatagramSocket socket = udpFrom("127.0.0.2")) {
            // When
            path.reset();
            send(socket, "dropped");

            // Then
            assertNothingArrives(socket);
            assertThat(path.counters().datagramsDropped()).isEqualTo(1);
            assertThat(cluster1.senders).isEmpty();
        }
    }

    private DatagramPacket exchange(DatagramSocket socket, String text) throws IOException {
        send(socket, text);
        return receive(socket);
    }

    private void send(DatagramSocket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, cluster1Wan));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return packet;
    }

    private static void assertNothingArrives(DatagramSocket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(SILENCE_MILLIS);
        assertThatThrownBy(() -> receive(socket)).isInstanceOf(SocketTimeoutException.class);
        socket.setSoTimeout(timeout);
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
    }
}
