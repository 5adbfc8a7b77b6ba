package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;

/** The gRPC generator against the testkit's echo backend: the calls it counts are calls the backend served. */
class GrpcLoadGeneratorTest {

    private static GrpcEchoBackend backend;
    private static GrpcLoadGenerator generator;

    @BeforeAll
    static void start() {
        backend = GrpcEchoBackend.start("ledger");
        generator = new GrpcLoadGenerator(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        generator.close();
        backend.close();
    }

    @Test
    void closedLoopCountsTheCallsTheBackendAnswered() {
        // Given
        long callsBefore = backend.calls();

        // When: 8 calls in flight over 2 connections for half a second
        Result result = generator.unaryClosedLoop(target(backend.port()), 2, 8, 1024, Duration.ofMillis(500));

        // Then: every counted call reached the backend (which also saw one unmeasured call per connection first)
        assertThat(result.ok()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(backend.calls() - callsBefore).isGreaterThanOrEqualTo(result.ok() + 2);
        assertThat(result.latency().getTotalCount()).isEqualTo(result.ok());
        assertThat(result.mode()).isEqualTo("closed loop, 8 in flight");
        assertThat(result.offeredRps()).isZero();
    }

    @Test
    void openLoopSendsAtTheRateAndMeasuresOnlyWhatIsDueAfterSettling() {
        // Given
        long callsBefore = backend.calls();

        // When: 100 calls/s, 0.2 s to settle, 0.5 s measured, 2 connections
        Result result = generator.unaryOpenLoop(target(backend.port()), 100, Duration.ofMillis(200),
                Duration.ofMillis(500), 2, 1024);

        // Then: 70 sent (and 2 to connect), the 50 due after settling measured
        assertThat(backend.calls() - callsBefore).isEqualTo(72);
        assertThat(result.ok()).isEqualTo(50);
        assertThat(result.errors()).isZero();
        assertThat(result.achievedRps()).isEqualTo(100.0);
        assertThat(result.bytes()).isEqualTo(50 * 1024);
    }

    @Test
    void aStreamMovesLargeMessagesBothWays() {
        // When: one Chat stream of 64 KiB messages for half a second
        Result result = generator.streaming(target(backend.port()), 1, 64 * 1024, Duration.ofMillis(500));

        // Then: the answers (each the message and the backend's name) came back
        assertThat(result.ok()).isPositive();
        assertThat(result.bytes()).isEqualTo(result.ok() * (64 * 1024 + "ledger:".length()));
        assertThat(result.achievedRps()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.mode()).isEqualTo("1 bidi stream, 65536 B messages");
    }

    @Test
    void aTargetNobodyListensOnGivesErrorsNotAHang() throws Exception {
        // Given: a port that was free a moment ago
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        // When
        Result result = generator.unaryOpenLoop(target(closed), 20, Duration.ZERO, Duration.ofMillis(500), 2, 16);

        // Then
        assertThat(result.ok()).isZero();
        assertThat(result.errors()).isEqualTo(10);
    }

    private static Endpoint target(int port) {
        return new Endpoint("local", "127.0.0.1", port, "ledger.bench.svc.clusterset.local:9090");
    }
}
