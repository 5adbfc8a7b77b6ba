package io.l7mp.mcw.testkit.wan;

import static io.l7mp.mcw.testkit.wan.WanEmulatorPeers.connect;
import static io.l7mp.mcw.testkit.wan.WanEmulatorPeers.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.testkit.wan.WanEmulatorPeers.TcpEcho;

/** TCP through the WAN emulator: real sockets on loopback addresses, echo servers standing in for the gateways. */
class WanEmulatorTcpTest {

    /** How long a test waits to see that bytes do not move; the emulator would move them in well under 1 ms. */
    private static final int STALL_MILLIS = 500;

    private WanEmulator emulator;
    private TcpEcho cluster1Business;
    private TcpEcho cluster1Internet;
    private TcpEcho cluster2Business;

    @BeforeEach
    void start() throws IOException {
        emulator = WanEmulator.start(WanEmulatorPeers.threeClusters());
        cluster1Business = new TcpEcho("127.0.0.1", emulator.topology().tunnelPort("business"));
        cluster1Internet = new TcpEcho("127.0.0.1", emulator.topology().tunnelPort("internet"));
        cluster2Business = new TcpEcho("127.0.0.2", emulator.topology().tunnelPort("business"));
    }

    @AfterEach
    void stop() throws IOException {
        emulator.close();
        cluster1Business.close();
        cluster1Internet.close();
        cluster2Business.close();
    }

    @Test
    void relaysToTheDestinationsLocalAddressOnThePathOfTheSourceCluster() throws IOException {
        // Given
        InetSocketAddress cluster1 = emulator.wanAddress("cluster-1", "business");

        // When
        try (Socket fromCluster2 = connect("127.0.0.2", cluster1)) {
            assertThat(echo(fromCluster2, "hello")).isEqualTo("hello");

            // Then
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                PathCounters counters = emulator.path("cluster-2", "cluster-1", "business").counters();
                assertThat(counters.bytesForward()).isEqualTo(5);
                assertThat(counters.bytesReverse()).isEqualTo(5);
                assertThat(counters.connectionsOpened()).isEqualTo(1);
                assertThat(counters.connectionsActive()).isEqualTo(1);
            });
            assertThat(emulator.path("cluster-3", "cluster-1", "business").counters().bytesForward()).isZero();
            assertThat(emulator.path("cluster-2", "cluster-1", "internet").counters().bytesForward()).isZero();
            // the destination sees the source cluster's own address, as it would without a WAN in between
            assertThat(cluster1Business.peers).singleElement()
                    .satisfies(peer -> assertThat(peer.getAddress().getHostAddress()).isEqualTo("127.0.0.2"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                emulator.path("cluster-2", "cluster-1", "business").counters().connectionsActive()).isZero());
    }

    @Test
    void aPeerThatIsNoClusterGetsAPathNamedAfterItsAddress() throws IOException {
        // When
        try (Socket foreign = connect("127.0.0.77", emulator.wanAddress("cluster-1", "business"))) {
            assertThat(echo(foreign, "who")).isEqualTo("who");
        }

        // Then
        assertThat(emulator.path("127.0.0.77", "cluster-1", "business").counters().bytesForward()).isEqualTo(3);
        assertThat(emulator.paths("*", "cluster-1", "business").list()).extracting(WanPath::source)
                .containsExactly("cluster-1", "cluster-2", "cluster-3", "127.0.0.77");
    }

    @Test
    void aRoundTripTakesAtLeastTwiceTheDelayAlsoOnAConnectionOpenedBefore() throws IOException {
        try (Socket socket = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            // Given
            assertThat(echo(socket, "open")).isEqualTo("open");
            emulator.path("cluster-2", "cluster-1", "business").delay(Duration.ofMillis(100));

            // When
            long start = System.nanoTime();
            String answer = echo(socket, "ping");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            // Then
            assertThat(answer).isEqualTo("ping");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void jitterNeverReordersTheBytesOfAStream() throws IOException {
        // Given
        emulator.path("cluster-2", "cluster-1", "business").jitter(Duration.ofMillis(40));

        try (Socket socket = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            // When: many small writes, each likely a chunk of its own with a jitter of its own
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write(ByteBuffer.allocate(4).putInt(i).array());
                out.flush();
            }
            ByteBuffer echoed = ByteBuffer.wrap(readExactly(socket, 400));

            // Then
            for (int i = 0; i < 100; i++) {
                assertThat(echoed.getInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void tcpLossHoldsChunksBackByTheRetransmitDelay() throws IOException {
        // Given: every chunk "lost" once
        emulator.path("cluster-2", "cluster-1", "business").loss(100).retransmitDelay(Duration.ofMillis(150));

        try (Socket socket = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            // When
            long start = System.nanoTime();
            String answer = echo(socket, "lossy");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            // Then: nothing is lost from the stream, it is late
            assertThat(answer).isEqualTo("lossy");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void aHalfCloseIsPassedOnAfterTheDelayedBytesBeforeIt() throws IOException {
        // Given
        emulator.path("cluster-2", "cluster-1", "business").delay(Duration.ofMillis(50));

        try (Socket socket = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            // When: the client sends, then closes its sending side only
            socket.getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();

            // Then: the echo server got every byte before the FIN, and its answer and FIN come back
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("last words");
        }
    }

    @Test
    void aBlackholeStallsConnectionsWithoutAResetAndTheyResumeIntactOnRestore() throws IOException {
        WanPath path = emulator.path("cluster-2", "cluster-1", "business");
        InetSocketAddress cluster1 = emulator.wanAddress("cluster-1", "business");
        try (Socket existing = connect("127.0.0.2", cluster1)) {
            assertThat(echo(existing, "before")).isEqualTo("before");

            // When
            path.blackhole();
            existing.getOutputStream().write("during".getBytes(StandardCharsets.UTF_8));
            try (Socket fresh = connect("127.0.0.2", cluster1)) {
                fresh.getOutputStream().write("new".getBytes(StandardCharsets.UTF_8));

                // Then: nothing moves and nobody is reset (a read times out instead of failing)
                existing.setSoTimeout(STALL_MILLIS);
                fresh.setSoTimeout(STALL_MILLIS);
                assertThatThrownBy(() -> existing.getInputStream().read())
                        .isInstanceOf(SocketTimeoutException.class);
                assertThatThrownBy(() -> fresh.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(path.counters().bytesForward()).isEqualTo(6);
                assertThat(path.counters().connectionsReset()).isZero();
                // the new connection was not even passed on
                assertThat(cluster1Business.peers).hasSize(1);

                // When
                path.restore();

                // Then: both streams carry on where they stopped
                existing.setSoTimeout(5_000);
                fresh.setSoTimeout(5_000);
                assertThat(new String(readExactly(existing, 6), StandardCharsets.UTF_8)).isEqualTo("during");
                assertThat(new String(readExactly(fresh, 3), StandardCharsets.UTF_8)).isEqualTo("new");
                assertThat(echo(existing, "after")).isEqualTo("after");
                assertThat(cluster1Business.peers).hasSize(2);
            }
        }
    }

    @Test
    void aResetCutResetsExistingAndNewConnections() throws IOException {
        WanPath path = emulator.path("cluster-2", "cluster-1", "business");
        try (Socket existing = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            assertThat(echo(existing, "before")).isEqualTo("before");

            // When
            path.reset();

            // Then
            assertThatThrownBy(() -> existing.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            // a new connection is reset right after accept: the client sees it on its first read, or already while
            // its connect finishes when the RST is that quick
            assertThatThrownBy(() -> {
                try (Socket fresh = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
                    fresh.getInputStream().read();
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(path.counters().connectionsReset()).isEqualTo(2);
                assertThat(path.counters().connectionsActive()).isZero();
            });
        }

        // When
        path.restore();

        // Then
        try (Socket afterwards = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            assertThat(echo(afterwards, "again")).isEqualTo("again");
        }
    }

    @Test
    void aBandwidthCapSlowsTheStreamAndKeepsItIntact() throws Exception {
        // Given
        long rate = 50_000;
        int size = 60_000;
        emulator.path("cluster-2", "cluster-1", "business").bandwidth(rate);
        byte[] sent = new byte[size];
        new Random(7).nextBytes(sent);

        try (Socket socket = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"))) {
            // When
            long start = System.nanoTime();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(sent);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] received = readExactly(socket, size);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            writing.get();

            // Then: the bytes beyond the bucket's burst waited for tokens
            assertThat(received).isEqualTo(sent);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo((size - TokenBucket.burst(rate)) * 1000 / rate);
        }
    }

    @Test
    void cuttingOnePathLeavesTheOtherSourcesAndTunnelsAlone() throws IOException {
        // Given
        emulator.path("cluster-2", "cluster-1", "business").blackhole();

        // Then
        try (Socket cut = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"));
                Socket otherSource = connect("127.0.0.3", emulator.wanAddress("cluster-1", "business"));
                Socket otherTunnel = connect("127.0.0.2", emulator.wanAddress("cluster-1", "internet"))) {
            assertThat(echo(otherSource, "three")).isEqualTo("three");
            assertThat(echo(otherTunnel, "internet")).isEqualTo("internet");
            cut.getOutputStream().write(1);
            cut.setSoTimeout(STALL_MILLIS);
            assertThatThrownBy(() -> cut.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void manyPathsAreCutAtOnce() throws IOException {
        // When: every tunnel into cluster-1
        WanPaths intoCluster1 = emulator.paths("*", "cluster-1", "*").blackhole();

        // Then
        assertThat(intoCluster1.list()).hasSize(6)
                .allSatisfy(path -> assertThat(path.settings().cut()).isEqualTo(PathSettings.Cut.BLACKHOLE));
        try (Socket business = connect("127.0.0.2", emulator.wanAddress("cluster-1", "business"));
                Socket internet = connect("127.0.0.3", emulator.wanAddress("cluster-1", "internet"));
                Socket intoCluster2 = connect("127.0.0.1", emulator.wanAddress("cluster-2", "business"))) {
            assertThat(echo(intoCluster2, "still")).isEqualTo("still");
            for (Socket stalled : new Socket[] { business, internet }) {
                stalled.getOutputStream().write(1);
                stalled.setSoTimeout(STALL_MILLIS);
                assertThatThrownBy(() -> stalled.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void aTunnelAddedAtRunTimeListensOnEveryWanAddress() throws IOException {
        // Given
        int port = WanEmulatorPeers.freePort();
        try (TcpEcho video = new TcpEcho("127.0.0.1", port)) {
            // When
            emulator.addTunnel("video", port);

            // Then
            try (Socket socket = connect("127.0.0.3", emulator.wanAddress("cluster-1", "video"))) {
                assertThat(echo(socket, "frame")).isEqualTo("frame");
            }
            assertThat(emulator.path("cluster-3", "cluster-1", "video").counters().bytesForward()).isEqualTo(5);
        }
    }

    @Test
    void aTunnelWhosePortIsTakenIsRefusedAndNothingChanges() throws IOException {
        // Given: something else listens on the port on a WAN address
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(WanEmulatorPeers.address("127.0.1.2"), 0));

            // Then
            assertThatThrownBy(() -> emulator.addTunnel("video", taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.1.2:" + taken.getLocalPort());
            assertThat(emulator.topology().tunnels()).doesNotContainKey("video");
        }
    }

    /** Sends {@code text} and reads as many bytes back. */
    private static String echo(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(bytes.length), StandardCharsets.UTF_8);
    }
}
