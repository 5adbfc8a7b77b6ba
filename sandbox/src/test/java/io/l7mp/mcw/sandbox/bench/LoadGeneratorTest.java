package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Target;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The generator against a real HTTP server that answers every request after {@value #DELAY_MS} ms: the delays give
 * lower bounds that hold however fast or loaded the machine is.
 */
class LoadGeneratorTest {

    private static final long DELAY_MS = 50;

    private static Vertx vertx;
    private static HttpServer server;
    private static final AtomicInteger requests = new AtomicInteger();
    private static LoadGenerator generator;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    requests.incrementAndGet();
                    int status = req.path().startsWith("/fail") ? 503 : 200;
                    vertx.setTimer(DELAY_MS, t -> req.response().setStatusCode(status).end(Buffer.buffer(new byte[100])));
                });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        generator = new LoadGenerator(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        generator.close();
        vertx.close();
    }

    @Test
    void openLoopSendsAtTheRateAndCountsTheQueueingOfLateRequestsInTheirLatency() {
        // Given: one connection to a server that takes 50 ms per request, so at most 20 requests/s get through
        requests.set(0);
        Target target = target("/slow");

        // When: 40 requests are due over one second (every 25 ms)
        Result result = generator.openLoop(target, 40, Duration.ofSeconds(1), 1);

        // Then: every one was sent and answered
        assertThat(result.ok()).isEqualTo(40);
        assertThat(result.errors()).isZero();
        assertThat(requests.get()).isEqualTo(40);
        assertThat(result.bytes()).isEqualTo(40 * 100);
        // and the last, due at 975 ms but answered at 40 x 50 ms = 2 s at the earliest, waited more than a second:
        // a generator that timed from the actual send (coordinated omission) would report about 50 ms
        assertThat(result.maxMs()).isGreaterThanOrEqualTo(1000);
        assertThat(result.p50Ms()).isGreaterThan(DELAY_MS * 2);
        assertThat(result.mode()).isEqualTo("open loop");
        assertThat(result.offeredRps()).isEqualTo(40);
    }

    @Test
    void stopEndsAnOpenLoopEarlyAndTheErrorListenerHearsOfEveryFailure() throws Exception {
        // Given: an hour of failing requests planned, and a listener
        List<Long> failedAt = new CopyOnWriteArrayList<>();
        generator.onError(failedAt::add);
        long before = System.nanoTime();
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> generator.openLoop(target("/fail"), 20,
                Duration.ofHours(1), 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> !failedAt.isEmpty());

        // When
        generator.stop();
        Result result = run.get(15, TimeUnit.SECONDS);
        generator.onError(null);

        // Then: the run ended with what was sent, and every failure was told with its intended send time
        assertThat(result.errors()).isBetween(1L, 20L);
        assertThat(failedAt).hasSize((int) result.errors());
        assertThat(failedAt).allSatisfy(t -> assertThat(t).isBetween(before, System.nanoTime()));
    }

    @Test
    void closedLoopKeepsTheGivenNumberInFlightAndReportsTheRateTheyCompletedAt() {
        // Given
        requests.set(0);

        // When: 2 requests in flight for one second against 50 ms responses
        Result result = generator.closedLoop(target("/slow"), 2, Duration.ofSeconds(1));

        // Then: no more than 2 x 20 completed, each took at least the server's 50 ms
        assertThat(result.ok()).isBetween(2L, 42L);
        assertThat(result.achievedRps()).isLessThanOrEqualTo(2 * 1000.0 / DELAY_MS + 1);
        assertThat(result.p50Ms()).isGreaterThanOrEqualTo(DELAY_MS);
        assertThat(result.errors()).isZero();
        assertThat(requests.get()).isEqualTo((int) result.ok());
        assertThat(result.offeredRps()).isZero();
    }

    @Test
    void requestsDueWhileSettlingAreSentButNotMeasured() {
        // Given
        requests.set(0);

        // When: 0.5 s to settle, then 0.5 s measured, at 20 requests/s over 4 connections
        Result result = generator.openLoop(target("/slow"), 20, Duration.ofMillis(500), Duration.ofMillis(500), 4);

        // Then: the server saw all 20, the figures count the 10 due after settling
        assertThat(requests.get()).isEqualTo(20);
        assertThat(result.ok()).isEqualTo(10);
        assertThat(result.latency().getTotalCount()).isEqualTo(10);
        assertThat(result.achievedRps()).isEqualTo(20.0);
    }

    @Test
    void requestsOverTheSlowThresholdAreKeptWithTheirConnection() {
        // Given: a generator that calls a request slow past 30 ms, against 50 ms answers
        try (LoadGenerator strict = new LoadGenerator(Duration.ofMillis(30))) {

            // When: 10 requests over 2 connections, due every 50 ms
            Result result = strict.openLoop(target("/slow"), 20, Duration.ofMillis(500), 2);

            // Then: all slow, in one burst (due 50 ms apart), over the 2 connections
            assertThat(result.slow().count()).isEqualTo(10);
            assertThat(result.slow().bursts()).singleElement().satisfies(burst -> {
                assertThat(burst.requests()).isEqualTo(10);
                assertThat(burst.connections()).isEqualTo(2);
                assertThat(burst.maxLatencyMicros()).isGreaterThanOrEqualTo(DELAY_MS * 1000);
            });
        }
    }

    @Test
    void aNon2xxAnswerIsAnErrorAndNotALatency() {
        // When
        Result result = generator.openLoop(target("/fail"), 20, Duration.ofMillis(500), 4);

        // Then
        assertThat(result.ok()).isZero();
        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.latency().getTotalCount()).isZero();
        assertThat(result.p99Ms()).isNaN();
    }

    @Test
    void aTargetNobodyListensOnGivesErrorsNotAHang() throws Exception {
        // Given: a port that was free a moment ago
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        // When
        Result result = generator.openLoop(new Target("nobody", "127.0.0.1", closed, "127.0.0.1", "/"), 10,
                Duration.ofMillis(500), 2);

        // Then
        assertThat(result.ok()).isZero();
        assertThat(result.errors()).isEqualTo(5);
    }

    private static Target target(String path) {
        return new Target("slow", "127.0.0.1", server.actualPort(), "127.0.0.1", path);
    }
}
