package io.l7mp.mcw.telemetry.adapter.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.telemetry.domain.EchoOutcome;
import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.l7mp.mcw.telemetry.domain.Publication;
import io.l7mp.mcw.telemetry.domain.TunnelAssessment;
import io.l7mp.mcw.telemetry.domain.TunnelPolicy;
import io.vertx.core.Vertx;

/**
 * The prober's socket and its bookkeeping of tunnels, over loopback UDP, with a listener that records what it is told
 * (no Kafka, no Quarkus).
 */
class TunnelProberTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private Vertx vertx;
    private TunnelProber prober;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (prober != null) {
            prober.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSocketThatCannotBindSaysWhyForTheReadinessCheck() {
        // Given: an address (TEST-NET-1) this machine does not have
        prober = prober(Optional.of("192.0.2.1"));

        // When
        prober.start();

        // Then
        await().atMost(WAIT).untilAsserted(() -> assertThat(prober.bindProblem()).hasValueSatisfying(
                problem -> assertThat(problem).startsWith("the probe socket to bind to 192.0.2.1 (").endsWith(")")));
    }

    @Test
    void aBoundSocketIsNoProblemAndProbesItsTunnel() throws Exception {
        // Given
        try (Sink peer = new Sink()) {
            prober = prober(Optional.of("127.0.0.1"));

            // When
            prober.start();
            prober.update(List.of(target("cluster-2", peer.port())));

            // Then
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(prober.bindProblem()).isEmpty();
                assertThat(peer.received()).isGreaterThan(3);
                assertThat(listener.events).contains("probing cluster-1/cluster-2/business");
            });
        }
    }

    @Test
    void twoTunnelsToTheSamePeerProbeOnlyTheFirstAndTheOtherTakesOverWhenItStops() throws Exception {
        // Given: cluster-2 and cluster-3 name the same address and port
        try (Sink peer = new Sink()) {
            prober = prober(Optional.empty());
            prober.start();
            prober.update(List.of(target("cluster-2", peer.port()), target("cluster-3", peer.port())));
            await().atMost(WAIT).untilAsserted(() -> assertThat(listener.events).contains(
                    "probing cluster-1/cluster-2/business",
                    "refused cluster-1/cluster-3/business: probes to 127.0.0.1:" + peer.port()
                            + " already belong to tunnel cluster-1/cluster-2/business: echoes could not be told"
                            + " apart"));

            // When
            prober.update(List.of(target("cluster-3", peer.port())));

            // Then: cluster-3's tunnel is probed now, and it alone sends to the peer
            await().atMost(WAIT).untilAsserted(() -> assertThat(listener.events).containsSubsequence(
                    "closed cluster-1/cluster-2/business", "stopped cluster-1/cluster-2/business",
                    "probing cluster-1/cluster-3/business"));
            long before = peer.received();
            await().atMost(WAIT).untilAsserted(() -> assertThat(peer.received()).isGreaterThan(before + 3));
        }
    }

    private TunnelProber prober(Optional<String> sourceAddress) {
        return new TunnelProber(vertx, "cluster-1", ProbeSettings.DEFAULTS, Duration.ofSeconds(1),
                AllowedNetworks.parse(List.of("127.0.0.1/32")), sourceAddress, listener, CLOCK);
    }

    private static ProbeTarget target(String destination, int port) {
        return new ProbeTarget(destination, "business", "127.0.0.1", port,
                List.of(new TunnelPolicy("gold", Sla.BEST_EFFORT, true)));
    }

    /** What the prober tells the rest of the service, as lines: {@code probing <key>}, {@code stopped <key>}, ... */
    private static final class RecordingListener implements ProbeListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public TunnelListener probing(String key, ProbeTarget target) {
            events.add("probing " + key);
            return new TunnelListener() {
                @Override
                public void probeSent() {
                }

                @Override
                public void echo(EchoOutcome outcome) {
                }

                @Override
                public void assessed(TunnelAssessment assessment, TunnelState previous) {
                }

                @Override
                public CompletionStage<Void> publish(TunnelHealthEvent event, Publication.Cause cause) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void closed() {
                    events.add("closed " + key);
                }
            };
        }

        @Override
        public CompletionStage<Void> stopped(String key) {
            events.add("stopped " + key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void refused(String key, ProbeTarget target, String reason) {
            events.add("refused " + key + ": " + reason);
        }

        @Override
        public void ignored(String reason) {
            events.add("ignored " + reason);
        }
    }

    /** A peer that takes the probes and answers none. */
    private static final class Sink implements AutoCloseable {
        private final DatagramSocket socket;
        private final AtomicLong received = new AtomicLong();

        Sink() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!socket.isClosed()) {
                    try {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                        received.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "probe-sink");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        long received() {
            return received.get();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
