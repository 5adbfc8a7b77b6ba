package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.domain.EgressDecision;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * An egress listener of an opaque TCP service port: each connection becomes an HTTP CONNECT to the chosen remote
 * ingress gateway, with the destination's clusterset authority, then bytes flow both ways untouched. Each connection
 * gets a span of its own, a root (a TCP client sends no trace context), which the CONNECT carries to the peer and
 * which ends when the connection does.
 */
final class EgressTcpHandler implements Handler<NetSocket> {
    private static final Logger LOGGER = Logger.getLogger(EgressTcpHandler.class);
    private static final String CONNECT = "CONNECT";

    private final int listenerPort;
    private final DataPlaneContext context;

    EgressTcpHandler(int listenerPort, DataPlaneContext context) {
        this.listenerPort = listenerPort;
        this.context = context;
    }

    @Override
    public void handle(NetSocket socket) {
        socket.pause();
        context.metrics().connectionOpened(TrafficMetrics.EGRESS);
        socket.closeHandler(v -> context.metrics().connectionClosed(TrafficMetrics.EGRESS));
        HopSpan span = context.tracer().egress(CONNECT, null);
        RouteTable table = context.table();
        EgressDecision decision = table.egressTcp(listenerPort, ThreadLocalRandom.current().nextDouble());
        if (decision instanceof EgressDecision.Route route) {
            span.egress(table, route.destination(), route.candidates());
            if (span.recording()) {
                SpanAttributes.egressRequest(span, CONNECT, "", route.authority(), "1.1");
            }
            connect(socket, route, 0, table.cluster(), System.nanoTime(), span);
        } else {
            span.log(LOGGER, Logger.Level.INFO, "egress port=%d closing connection: %s", listenerPort, decision);
            if (span.recording()) {
                SpanAttributes.egressRequest(span, CONNECT, "", null, "1.1");
            }
            span.end(0, 0, null, "no route: " + decision);
            socket.close();
        }
    }

    private void connect(NetSocket socket, EgressDecision.Route route, int index, String cluster, long started,
            HopSpan span) {
        List<Upstream> candidates = route.candidates();
        Upstream upstream = candidates.get(index);
        Flow flow = new Flow(TrafficMetrics.EGRESS, cluster, upstream.cluster(), route.destination(),
                upstream.policy(), upstream.tunnelPort());
        Target target = new Target(upstream.ingressHost(), upstream.tunnelPort(), upstream.dscp(), upstream.path());
        ContextInternal loop = (ContextInternal) Vertx.currentContext();
        context.guard().resolve(loop.nettyEventLoop(), target.host(), target.port(), span).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                retryOrClose(socket, route, index, cluster, started, target, resolved.cause(), span);
                return;
            }
            tunnel(socket, route, index, cluster, started, target, flow, (InetSocketAddress) resolved.getNow(), span);
        });
    }

    private void tunnel(NetSocket socket, EgressDecision.Route route, int index, String cluster, long started,
            Target target, Flow flow, InetSocketAddress address, HopSpan span) {
        Upstream upstream = route.candidates().get(index);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.CONNECT).setURI(route.authority())
                .setServer(SocketAddress.inetSocketAddress(address))
                .setHost(route.destination().clustersetHost()).setPort(route.port());
        context.clients().http(false, upstream.dscp(), true).request(options)
                .compose(request -> {
                    // the tunnel's end is reported through the sockets; the request itself has nothing to add
                    request.exceptionHandler(
                            e -> span.log(LOGGER, Logger.Level.DEBUG, "CONNECT %s ended: %s", route.authority(),
                                    e.getMessage()));
                    context.paths().track(target, request.connection());
                    if (span.traceparent() != null) {
                        request.putHeader(HopTracer.TRACEPARENT, span.traceparent());
                    }
                    return request.connect();
                })
                .onComplete(answered -> {
                    if (answered.failed()) {
                        retryOrClose(socket, route, index, cluster, started, target, answered.cause(), span);
                    } else if (answered.result().statusCode() != 200) {
                        int status = answered.result().statusCode();
                        span.log(LOGGER, Logger.Level.INFO, "CONNECT %s via %s:%d answered %d: closing", route.authority(),
                                upstream.ingressHost(), upstream.tunnelPort(), status);
                        context.metrics().request(flow, status, context.since(started), 0);
                        span.end(status, index, null, "the peer answered the CONNECT with " + status
                                + ": the connection was closed");
                        socket.close();
                    } else {
                        context.metrics().request(flow, 200, context.since(started), 0);
                        Pipes.join(socket, answered.result().netSocket(), flow, context.metrics(), () -> {
                            context.metrics().connectionClosed(TrafficMetrics.EGRESS);
                            span.end(200, index, null, null);
                        });
                    }
                });
    }

    private void retryOrClose(NetSocket socket, EgressDecision.Route route, int index, String cluster, long started,
            Target target, Throwable failure, HopSpan span) {
        String cause = failure.getMessage();
        HttpForwarder.reportPath(target, RetryPolicy.Failure.CONNECT_FAILED, failure, context.signals());
        RetryPolicy.Decision decision = context.retry().afterFailure(index + 1, route.candidates().size(),
                RetryPolicy.Failure.CONNECT_FAILED, null);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            Upstream next = route.candidates().get(retry.nextCandidate());
            span.retry(target, RetryPolicy.Failure.CONNECT_FAILED,
                    new Target(next.ingressHost(), next.tunnelPort(), next.dscp(), next.path()));
            connect(socket, route, retry.nextCandidate(), cluster, started, span);
        } else {
            String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
            span.log(LOGGER, Logger.Level.INFO, "CONNECT %s failed (%s): %s", route.authority(), cause, reason);
            span.end(0, index, null, "CONNECT " + route.authority() + " failed (" + cause + "): " + reason);
            socket.close();
        }
    }
}
