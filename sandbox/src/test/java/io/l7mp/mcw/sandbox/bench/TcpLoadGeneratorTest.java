package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.l7mp.mcw.testkit.backend.TcpSourceBackend;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;

/**
 * The TCP generator against the testkit's echo and source backends, and against an echo server that answers after
 * {@value #DELAY_MS} ms, whose delay gives lower bounds that hold however fast or loaded the machine is.
 */
class TcpLoadGeneratorTest {

    private static final long DELAY_MS = 50;
    private static final int MESSAGE = 1024;

    private static TcpEchoBackend echo;
    private static TcpSourceBackend source;
    private static Vertx vertx;
    private static NetServer slowEcho;
    private static TcpLoadGenerator generator;

    @BeforeAll
    static void start() throws Exception {
        echo = TcpEchoBackend.start();
        source = TcpSourceBackend.start();
        vertx = Vertx.vertx();
        slowEcho = vertx.createNetServer().connectHandler(socket -> socket
                .handler(data -> vertx.setTimer(DELAY_MS, t -> socket.write(data))));
        slowEcho.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        generator = new TcpLoadGenerator(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        generator.close();
        vertx.close();
        echo.close();
        source.close();
    }

    @Test
    void closedLoopKeepsOneMessageInFlightPerConnectionAndCountsWholeRoundTrips() {
        // Given
        long connectionsBefore = echo.connections();

        // When: 4 connections for half a second
        Result result = generator.echoClosedLoop(target(echo.port()), 4, MESSAGE, Duration.ofMillis(500));

        // Then
        assertThat(result.ok()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.bytes()).isEqualTo(result.ok() * MESSAGE);
        assertThat(result.latency().getTotalCount()).isEqualTo(result.ok());
        assertThat(result.achievedRps()).isPositive();
        assertThat(result.offeredRps()).isZero();
        assertThat(result.mode()).isEqualTo("closed loop, 4 in flight");
        assertThat(echo.connections() - connectionsBefore).isEqualTo(4);
    }

    @Test
    void openLoopSendsAtTheRateAndMeasuresOnlyWhatIsDueAfterSettling() {
        // When: 200 round trips/s, 0.2 s to settle, 0.5 s measured
        Result result = generator.echoOpenLoop(target(echo.port()), 200, Duration.ofMillis(200),
                Duration.ofMillis(500), 4, MESSAGE);

        // Then: the 100 due after settling, every one answered
        assertThat(result.ok()).isEqualTo(100);
        assertThat(result.errors()).isZero();
        assertThat(result.achievedRps()).isEqualTo(200.0);
        assertThat(result.mode()).isEqualTo("open loop");
    }

    @Test
    void aMessageDueWhileEveryConnectionIsBusyWaitsAndTheWaitIsPartOfItsLatency() {
        // When: 40 messages due over one second on one connection to a server that takes 50 ms per round trip
        Result result = generator.echoOpenLoop(target(slowEcho.actualPort()), 40, Duration.ZERO,
                Duration.ofSeconds(1), 1, MESSAGE);

        // Then: all answered; the last, due at 975 ms and answered at 40 x 50 ms = 2 s at the earliest, took more
        // than a second (timed from its actual send it would be about 50 ms)
        assertThat(result.ok()).isEqualTo(40);
        assertThat(result.errors()).isZero();
        assertThat(result.maxMs()).isGreaterThanOrEqualTo(1000);
        assertThat(result.p50Ms()).isGreaterThan(DELAY_MS * 2);
    }

    @Test
    void bulkCountsTheBytesThatArrive() {
        // When
        Result result = generator.bulk(target(source.port()), 2, Duration.ofMillis(500));

        // Then: at least a mebibyte in half a second on loopback, and the rate is in MiB/s
        assertThat(result.bytes()).isGreaterThan(1024 * 1024);
        assertThat(result.achievedRps()).isBetween(result.bytes() / 1024.0 / 1024.0, result.bytes() / 1024.0 / 1024.0 * 3);
        assertThat(result.errors()).isZero();
        assertThat(result.mode()).isEqualTo("2 connections, reading");
    }

    @Test
    void aTargetNobodyListensOnGivesErrorsNotAHang() throws Exception {
        // Given: a port that was free a moment ago
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        // When
        Result open = generator.echoOpenLoop(target(closed), 20, Duration.ZERO, Duration.ofMillis(500), 2, MESSAGE);
        Result bulk = generator.bulk(target(closed), 1, Duration.ofMillis(200));

        // Then
        assertThat(open.ok()).isZero();
        assertThat(open.errors()).isPositive();
        assertThat(bulk.bytes()).isZero();
        assertThat(bulk.errors()).isEqualTo(1);
    }

    private static Endpoint target(int port) {
        return new Endpoint("local", "127.0.0.1", port, "127.0.0.1");
    }
}
