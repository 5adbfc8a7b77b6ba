package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * Relays an HTTP/1.1 upgrade (a WebSocket handshake, or any protocol a client names in {@code Upgrade}) through a
 * gateway: the request goes with its {@code Upgrade} and {@code Connection: upgrade} fields to the first target that
 * answers (always over HTTP/1.1, which is where upgrades exist), and when that one answers 101 the client's and the
 * target's connections are joined as opaque streams, as a CONNECT tunnel is. Any other answer is relayed as it came.
 * Both gateways do this, so a WebSocket crosses the SD-WAN like any other request, with the route's header changes and
 * the tunnel the table chose. {@code Upgrade: h2c} never comes here: the HTTP server serves it itself.
 */
final class UpgradeRelay {
    private static final Logger LOGGER = Logger.getLogger(UpgradeRelay.class);

    /**
     * One upgrade request to relay.
     *
     * @param headers the fields to send besides Host, Upgrade and Connection (the route's changes applied, and the
     *        span's traceparent)
     * @param flows the metrics tags of an attempt on the target of that index
     * @param span the request's span: it lasts as long as the joined streams once the target switched
     */
    record Upgrade(HttpServerRequest inbound, List<Target> targets, String authorityHost, int authorityPort,
            Map<String, List<String>> headers, IntFunction<Flow> flows, long started, HopSpan span) {
    }

    private UpgradeRelay() {
    }

    /**
     * Whether the request asks to switch protocols on its HTTP/1.1 connection: a GET with {@code Upgrade} and
     * {@code Connection: upgrade}, other than {@code h2c}. (An upgrade with another method is forwarded as a plain
     * request: a server may always ignore {@code Upgrade}.)
     */
    static boolean isUpgrade(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1 || request.method() != HttpMethod.GET) {
            return false;
        }
        String upgrade = request.getHeader("upgrade");
        String connection = request.getHeader("connection");
        if (upgrade == null || upgrade.isBlank() || "h2c".equalsIgnoreCase(upgrade.trim()) || connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if ("upgrade".equals(token.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    static void relay(DataPlaneContext context, Upgrade upgrade) {
        attempt(context, upgrade, 0);
    }

    private static void attempt(DataPlaneContext context, Upgrade upgrade, int index) {
        Target target = upgrade.targets().get(index);
        ContextInternal loop = (ContextInternal) Vertx.currentContext();
        context.guard().resolve(loop.nettyEventLoop(), target.host(), target.port(), upgrade.span()).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                failed(context, upgrade, index, resolved.cause());
                return;
            }
            send(context, upgrade, index, target, (InetSocketAddress) resolved.getNow());
        });
    }

    private static void send(DataPlaneContext context, Upgrade upgrade, int index, Target target,
            InetSocketAddress address) {
        HttpServerRequest in = upgrade.inbound();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(in.uri())
                .setServer(SocketAddress.inetSocketAddress(address)).setHost(upgrade.authorityHost())
                .setPort(upgrade.authorityPort());
        context.clients().http(false, target.dscp(), target.overWan()).request(options).compose(out -> {
            upgrade.headers().forEach((name, values) -> out.headers().add(name, values));
            out.putHeader("upgrade", in.getHeader("upgrade")).putHeader("connection", "upgrade");
            out.exceptionHandler(e -> upgrade.span().log(LOGGER, Logger.Level.DEBUG, "upgrade to %s:%d ended: %s",
                    target.host(), target.port(),
                    e.getMessage()));
            if (target.overWan()) {
                context.paths().track(target, out.connection());
            }
            return out.connect();
        }).onComplete(answered -> {
            if (answered.failed()) {
                failed(context, upgrade, index, answered.cause());
            } else if (answered.result().statusCode() == 101) {
                join(context, upgrade, index, answered.result());
            } else {
                answer(context, upgrade, index, answered.result());
            }
        });
    }

    /** The target switched protocols: so does the client, with the target's 101 fields, and the streams are joined. */
    private static void join(DataPlaneContext context, Upgrade upgrade, int index, HttpClientResponse switched) {
        HttpServerRequest in = upgrade.inbound();
        Flow flow = upgrade.flows().apply(index);
        NetSocket target = switched.netSocket();
        target.pause();
        HttpServerResponse response = in.response();
        switched.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!"content-length".equals(name) && !"transfer-encoding".equals(name) && !"keep-alive".equals(name)) {
                response.headers().add(name, h.getValue());
            }
        });
        in.toNetSocket().onComplete(accepted -> {
            if (accepted.failed()) {
                upgrade.span().log(LOGGER, Logger.Level.DEBUG, "client of upgrade %s left: %s", in.uri(),
                        accepted.cause().getMessage());
                target.close();
                upgrade.span().end(101, index, null, HttpForwarder.CLIENT_GONE);
                return;
            }
            context.metrics().request(flow, 101, context.since(upgrade.started()), 0);
            Pipes.join(accepted.result(), target, flow, context.metrics(), () -> upgrade.span().end(101, index, null,
                    null));
        });
    }

    /** The target did not switch (a 4xx, a 3xx): its answer goes to the client as it is. */
    private static void answer(DataPlaneContext context, Upgrade upgrade, int index, HttpClientResponse refused) {
        HttpServerResponse response = upgrade.inbound().response();
        Flow flow = upgrade.flows().apply(index);
        refused.body().onComplete(body -> {
            if (body.failed()) {
                String message = "upstream answer broke off: " + body.cause().getMessage();
                context.metrics().request(flow, 502, context.since(upgrade.started()), 0);
                upgrade.span().end(502, index, message, null);
                HttpMessages.answer(response, 502, message);
                return;
            }
            context.metrics().request(flow, refused.statusCode(), context.since(upgrade.started()),
                    body.result().length());
            upgrade.span().end(refused.statusCode(), index, null, null);
            response.setStatusCode(refused.statusCode());
            HttpMessages.copyResponseHeaders(refused.headers(), response.headers());
            response.end(body.result());
        });
    }

    /**
     * No answer from a target: the next one (a handshake carries no body and GET is safe to send again), or 502
     * naming the last one.
     */
    private static void failed(DataPlaneContext context, Upgrade upgrade, int index, Throwable cause) {
        Target target = upgrade.targets().get(index);
        HttpForwarder.reportPath(target, RetryPolicy.Failure.CONNECT_FAILED, cause, context.signals());
        RetryPolicy.Decision decision = context.retry().afterFailure(index + 1, upgrade.targets().size(),
                RetryPolicy.Failure.CONNECT_FAILED, null);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            upgrade.span().retry(target, RetryPolicy.Failure.CONNECT_FAILED, upgrade.targets().get(retry.nextCandidate()));
            attempt(context, upgrade, retry.nextCandidate());
            return;
        }
        String reason = "upgrade to " + target.host() + ":" + target.port() + " failed (" + cause.getMessage()
                + "): " + ((RetryPolicy.Decision.GiveUp) decision).reason();
        upgrade.span().log(LOGGER, Logger.Level.INFO, "gave up %s", reason);
        context.metrics().request(upgrade.flows().apply(index), 502, context.since(upgrade.started()), 0);
        upgrade.span().end(502, index, reason, null);
        HttpMessages.answer(upgrade.inbound().response(), 502, reason);
    }
}
