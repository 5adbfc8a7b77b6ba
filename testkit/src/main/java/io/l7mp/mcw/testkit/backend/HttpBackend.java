package io.l7mp.mcw.testkit.backend;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.l7mp.mcw.testkit.tracing.TestTracing;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP backend (HTTP/1.1 and HTTP/2 cleartext) on a random loopback port. Every answer is a
 * JSON document saying which backend answered and what it received (method, path, query, headers),
 * so a test can see exactly what a proxy forwarded. {@code /bytes/<n>} answers n bytes instead
 * (benchmarks); {@code /pieces/<n>} answers n bytes of a known pattern ({@link #pattern}) with their
 * Content-Length, written in {@value #PIECES} parts 20 ms apart, so that a proxy receives the body in
 * pieces; {@code /chunked/<n>} does the same without a length, as a chunked body; {@code /status/<code>} answers
 * that status.
 */
public final class HttpBackend implements AutoCloseable {
    private volatile TestTracing tracing;
    /** How many writes a {@code /pieces/<n>} answer is sent in. */
    public static final int PIECES = 4;

    private final Vertx vertx;
    private final HttpServer server;
    private final String name;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private HttpBackend(Vertx vertx, HttpServer server, String name) {
        this.vertx = vertx;
        this.server = server;
        this.name = name;
    }

    public static HttpBackend start(String name) {
        return start(name, "127.0.0.1", 0);
    }

    /**
     * A backend on {@code host:port} (0: any free port); {@code host} must be a loopback address, e.g. 127.0.0.7 to
     * stand in for another cluster's ingress gateway.
     */
    public static HttpBackend start(String name, String host, int port) {
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("HttpBackend host is " + host + ", expected a loopback address");
        }
        Vertx vertx = Vertx.vertx();
        HttpBackend[] holder = new HttpBackend[1];
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        server.requestHandler(req -> holder[0].handle(req));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start HTTP backend " + name, e);
        }
        holder[0] = new HttpBackend(vertx, server, name);
        return holder[0];
    }

    /**
     * Makes every request a SERVER span, child of the trace context it carries, exported by {@code tracing}: a backend
     * that shows up in an end-to-end trace. Off by default.
     */
    public HttpBackend traced(TestTracing tracing) {
        this.tracing = tracing;
        return this;
    }

    private void handle(HttpServerRequest req) {
        TestTracing traces = tracing;
        if (traces != null) {
            Map<String, String> carrier = new TreeMap<>();
            req.headers().forEach(h -> carrier.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
            io.opentelemetry.api.trace.Span span = traces.child(req.method().name() + " " + req.path(),
                    io.opentelemetry.api.trace.SpanKind.SERVER, carrier);
            span.setAttribute("http.request.method", req.method().name());
            span.setAttribute("url.path", req.path());
            span.setAttribute("mcw.backend", name);
            req.response().endHandler(v -> {
                span.setAttribute("http.response.status_code", req.response().getStatusCode());
                span.end();
            });
        }
        requests.incrementAndGet();
        String path = req.path();
        req.body().onSuccess(body -> {
            if (path.startsWith("/delay/")) {
                // answered after the delay: a slow request, to see how many a gateway carries at once
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                vertx.setTimer(Long.parseLong(path.substring("/delay/".length())), t -> {
                    inFlight.decrementAndGet();
                    req.response().putHeader("content-type", "text/plain").end(name);
                });
                return;
            }
            if (path.startsWith("/bytes/")) {
                int n = Integer.parseInt(path.substring("/bytes/".length()));
                req.response().putHeader("content-type", "application/octet-stream").end(io.vertx.core.buffer.Buffer
                        .buffer(new byte[n]));
                return;
            }
            if (path.startsWith("/pieces/")) {
                pieces(req, Integer.parseInt(path.substring("/pieces/".length())), false);
                return;
            }
            if (path.startsWith("/chunked/")) {
                pieces(req, Integer.parseInt(path.substring("/chunked/".length())), true);
                return;
            }
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
            Map<String, String> headers = new TreeMap<>();
            req.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "," + b));
            JsonObject answer = new JsonObject().put("backend", name).put("method", req.method().name())
                    .put("path", path).put("query", req.query()).put("version", req.version().name())
                    .put("headers", new JsonObject(Map.copyOf(headers).entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue()))))
                    .put("bodyLength", body.length());
            req.response().setStatusCode(status).putHeader("content-type", "application/json").end(answer.encode());
        });
    }

    /** The body of {@code /pieces/<n>}: byte i is {@code i % 251}, so a reordered or lost piece shows. */
    public static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    private void pieces(HttpServerRequest req, int n, boolean chunked) {
        byte[] body = pattern(n);
        req.response().putHeader("content-type", "application/octet-stream");
        if (chunked) {
            req.response().setChunked(true);
        } else {
            req.response().putHeader("content-length", Integer.toString(n));
        }
        writePiece(req, body, 0);
    }

    private void writePiece(HttpServerRequest req, byte[] body, int piece) {
        int from = body.length * piece / PIECES;
        int to = body.length * (piece + 1) / PIECES;
        io.vertx.core.buffer.Buffer part = io.vertx.core.buffer.Buffer.buffer().appendBytes(body, from, to - from);
        if (piece == PIECES - 1) {
            req.response().end(part);
            return;
        }
        req.response().write(part);
        vertx.setTimer(20, t -> writePiece(req, body, piece + 1));
    }

    public int port() {
        return server.actualPort();
    }

    public String name() {
        return name;
    }

    /** Requests answered so far. */
    /** The most {@code /delay/<ms>} requests that were waiting for their answer at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
