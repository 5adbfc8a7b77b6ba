package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Exchange;
import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.domain.EgressDecision;
import io.l7mp.mcw.gateway.domain.Endpoint;
import io.l7mp.mcw.gateway.domain.HeaderModifier;
import io.l7mp.mcw.gateway.domain.IngressDecision;
import io.l7mp.mcw.gateway.domain.IngressListener;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * One ingress listener (a WAN policy's tunnel port): routes each request or CONNECT by its authority to a local
 * backend, round robin over the ready endpoints, as {@link RouteTable#ingress} decides.
 */
final class IngressHandler implements Handler<HttpServerRequest>, Http1Relay.Router, Http2Relay.Router {
    private static final Logger LOGGER = Logger.getLogger(IngressHandler.class);

    private final int port;
    private final DataPlaneContext context;
    private final AtomicInteger next = new AtomicInteger();

    IngressHandler(int port, DataPlaneContext context) {
        this.port = port;
        this.context = context;
    }

    @Override
    public void handle(HttpServerRequest request) {
        long started = System.nanoTime();
        context.metrics().requestReceived(TrafficMetrics.INGRESS, request.version());
        String method = request.method().name();
        HopSpan span = context.tracer().ingress(method, request.getHeader(HopTracer.TRACEPARENT));
        RouteTable table = context.table();
        String authority = authority(request);
        IngressDecision decision = table.ingress(port, authority);
        String sourceCluster = request.getHeader(EgressDecision.SOURCE_CLUSTER_HEADER);
        Flow flow = flow(table, decision, sourceCluster);
        if (span.recording()) {
            SocketAddress peer = request.remoteAddress();
            SpanAttributes.ingressRequest(span, method, request.uri(), authority,
                    HttpMessages.protocolVersion(request.version()), peer == null ? null : peer.hostAddress(),
                    peer == null ? 0 : peer.port());
            span.ingress(sourceCluster, table, port, flow.service());
        }
        if (decision instanceof IngressDecision.Forward forward) {
            if (request.method() == HttpMethod.CONNECT) {
                tunnel(request, targets(forward), 0, flow, started, span);
            } else if (UpgradeRelay.isUpgrade(request)) {
                upgrade(request, forward, flow, started, span);
            } else {
                http(request, forward, flow, started, span);
            }
        } else {
            IngressDecision.Refusal refusal = (IngressDecision.Refusal) decision;
            refuse(request, refusal.status(), refusal.reason(), flow, started, span);
        }
    }

    /** The same decision for a request the HTTP/1.1 relay read; a CONNECT goes to {@link #connect} instead. */
    @Override
    public Http1Relay.Route route(Http1Head head, String path, String query, java.net.SocketAddress client,
            long started) {
        return relayed(head.method, head.target, head.host, head.get(HopTracer.TRACEPARENT),
                head.get(EgressDecision.SOURCE_CLUSTER_HEADER), HttpVersion.HTTP_1_1, client, started);
    }

    /** The same decision for a stream the HTTP/2 relay read; it hands CONNECT over, so it never comes here. */
    @Override
    public Http1Relay.Route route(Http2Relay.Request request, java.net.SocketAddress client, long started) {
        return relayed(request.method(), request.target(), request.authority(), request.first(HopTracer.TRACEPARENT),
                request.first(EgressDecision.SOURCE_CLUSTER_HEADER), HttpVersion.HTTP_2, client, started);
    }

    private Http1Relay.Route relayed(String method, String target, String host, String traceparent,
            String sourceCluster, HttpVersion version, java.net.SocketAddress client, long started) {
        Decided decided = decide(method, target, host, traceparent, sourceCluster, version, client);
        Flow flow = decided.flow();
        if (decided.decision() instanceof IngressDecision.Forward forward) {
            return new Http1Relay.Route.Forward(targets(forward), host, HeaderModifier.NONE,
                    (status, index, requestBytes, responseBytes) -> context.metrics().request(flow, status,
                            context.since(started), requestBytes + responseBytes),
                    decided.span());
        }
        IngressDecision.Refusal refusal = (IngressDecision.Refusal) decided.decision();
        refused(refusal.status(), refusal.reason(), flow, started, decided.span());
        return new Http1Relay.Route.Refuse(refusal.status(), refusal.reason());
    }

    /** What the table decided for a request or CONNECT the relay read, with its tags and span. */
    private record Decided(IngressDecision decision, Flow flow, HopSpan span) {
    }

    /** Counts a request the relay read, starts its span and asks the table where {@code host} goes. */
    private Decided decide(String method, String target, String host, String traceparent, String sourceCluster,
            HttpVersion version, java.net.SocketAddress client) {
        context.metrics().requestReceived(TrafficMetrics.INGRESS, version);
        context.metrics().relayed(TrafficMetrics.INGRESS);
        HopSpan span = context.tracer().ingress(method, traceparent);
        RouteTable table = context.table();
        IngressDecision decision = table.ingress(port, host);
        Flow flow = flow(table, decision, sourceCluster);
        if (span.recording()) {
            InetSocketAddress peer = client instanceof InetSocketAddress a ? a : null;
            SpanAttributes.ingressRequest(span, method, target, host, HttpMessages.protocolVersion(version),
                    peer == null ? null : peer.getAddress().getHostAddress(), peer == null ? 0 : peer.getPort());
            span.ingress(sourceCluster, table, port, flow.service());
        }
        return new Decided(decision, flow, span);
    }

    /**
     * What the ingress does with a CONNECT the HTTP/1.1 relay serves itself ({@link IngressConnect}): the backends
     * to try in order, or a refusal (already logged, counted and its span ended).
     */
    sealed interface Connect {
        /** @param started when the CONNECT was read ({@link System#nanoTime}) */
        record Open(List<Target> targets, Flow flow, HopSpan span, long started) implements Connect {
        }

        record Refused(int status, String reason) implements Connect {
        }
    }

    /** The same decision as {@link #handle} makes for a CONNECT, by its target, for one the relay read. */
    Connect connect(Http1Head head, java.net.SocketAddress client, long started) {
        // as the full server's: the CONNECT target when it names a port, else Host
        String authority = head.target.contains(":") ? head.target : head.host == null ? "" : head.host;
        Decided decided = decide(head.method, head.target, authority, head.get(HopTracer.TRACEPARENT),
                head.get(EgressDecision.SOURCE_CLUSTER_HEADER), HttpVersion.HTTP_1_1, client);
        if (decided.decision() instanceof IngressDecision.Forward forward) {
            return new Connect.Open(targets(forward), decided.flow(), decided.span(), started);
        }
        IngressDecision.Refusal refusal = (IngressDecision.Refusal) decided.decision();
        refused(refusal.status(), refusal.reason(), decided.flow(), started, decided.span());
        return new Connect.Refused(refusal.status(), refusal.reason());
    }

    /**
     * A tunnel's backend {@code index} failed to connect: whether the next one is tried (and the span told) or the
     * tunnel gives up, as {@link RetryPolicy} says.
     */
    RetryPolicy.Decision afterBackendFailure(List<Target> targets, int index, HopSpan span) {
        RetryPolicy.Decision decision = context.retry().afterFailure(index + 1, targets.size(),
                RetryPolicy.Failure.CONNECT_FAILED, null);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            span.retry(targets.get(index), RetryPolicy.Failure.CONNECT_FAILED, targets.get(retry.nextCandidate()));
        }
        return decision;
    }

    /** The 502's text when a tunnel gave up on its backends: the last one, why it failed, why no other was tried. */
    static String backendFailed(Target target, Throwable cause, RetryPolicy.Decision.GiveUp giveUp) {
        return "backend " + target.host() + ":" + target.port() + " failed (" + cause.getMessage() + "): "
                + giveUp.reason();
    }

    /** The tags of a request to this port: the peer's cluster, the service it reached, the port's policy. */
    private Flow flow(RouteTable table, IngressDecision decision, String sourceCluster) {
        IngressListener listener = table.ingressListener(port).orElse(null);
        ServiceKey service = decision instanceof IngressDecision.Forward f ? f.service() : null;
        // the header is what the client sent: only a cluster of the clusterset becomes a label value
        return new Flow(TrafficMetrics.INGRESS, table.knownCluster(sourceCluster), table.cluster(), service,
                listener == null ? "" : listener.policy(), port);
    }

    private void http(HttpServerRequest request, IngressDecision.Forward forward, Flow flow, long started,
            HopSpan span) {
        if (!context.admit(request, flow, started, span)) {
            return;
        }
        HostAndPort inbound = request.authority();
        Map<String, List<String>> headers = withTraceparent(HttpMessages.forwardable(request.headers()), span);
        // the backend gets the client's protocol: a peer gateway may have carried an HTTP/1.1 request as HTTP/2
        List<String> clientProtocol = headers.remove(HttpMessages.CLIENT_PROTOCOL_HEADER);
        boolean http2 = HttpMessages.isHttp2(request)
                && (clientProtocol == null || !clientProtocol.contains(HttpMessages.HTTP_1_1));
        context.forwarder().forward(new Exchange(request, targets(forward),
                inbound == null ? forward.service().clustersetHost() : inbound.host(),
                inbound == null || inbound.port() < 0 ? forward.port() : inbound.port(), headers, http2,
                (status, index, requestBytes, responseBytes) -> context.metrics().request(flow, status,
                        context.since(started), requestBytes + responseBytes),
                span));
    }

    /** The forwarded fields with this gateway's span in place of the caller's traceparent, when it records. */
    private static Map<String, List<String>> withTraceparent(Map<String, List<String>> headers, HopSpan span) {
        if (span.traceparent() != null) {
            headers.put(HopTracer.TRACEPARENT, List.of(span.traceparent()));
        }
        return headers;
    }

    /** An upgrade (a WebSocket): to the backend with its Upgrade fields, then an opaque stream once it switched. */
    private void upgrade(HttpServerRequest request, IngressDecision.Forward forward, Flow flow, long started,
            HopSpan span) {
        HostAndPort inbound = request.authority();
        Map<String, List<String>> headers = withTraceparent(HttpMessages.forwardable(request.headers()), span);
        headers.remove(HttpMessages.CLIENT_PROTOCOL_HEADER);
        UpgradeRelay.relay(context, new UpgradeRelay.Upgrade(request, targets(forward),
                inbound == null ? forward.service().clustersetHost() : inbound.host(),
                inbound == null || inbound.port() < 0 ? forward.port() : inbound.port(), headers, index -> flow,
                started, span));
    }

    /**
     * CONNECT: an opaque TCP stream to the backend, retried over the backends while connecting fails. The span lasts
     * as long as the stream.
     */
    private void tunnel(HttpServerRequest request, List<Target> targets, int index, Flow flow, long started,
            HopSpan span) {
        Target target = targets.get(index);
        ContextInternal loop = (ContextInternal) Vertx.currentContext();
        context.guard().resolve(loop.nettyEventLoop(), target.host(), target.port(), span).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                refuseTunnel(request, targets, index, flow, started, target, resolved.cause(), span);
                return;
            }
            InetSocketAddress address = (InetSocketAddress) resolved.getNow();
            connectBackend(request, targets, index, flow, started, target, address, span);
        });
    }

    private void connectBackend(HttpServerRequest request, List<Target> targets, int index, Flow flow, long started,
            Target target, InetSocketAddress address, HopSpan span) {
        context.clients().net(null).connect(SocketAddress.inetSocketAddress(address)).onComplete(connected -> {
            if (connected.failed()) {
                refuseTunnel(request, targets, index, flow, started, target, connected.cause(), span);
                return;
            }
            NetSocket backend = connected.result();
            backend.pause();
            request.toNetSocket().onComplete(accepted -> {
                if (accepted.failed()) {
                    backend.close();
                    span.end(200, index, null, HttpForwarder.CLIENT_GONE);
                    return;
                }
                context.metrics().request(flow, 200, context.since(started), 0);
                // the connection gauge follows the HTTP connection the tunnel was upgraded from
                Pipes.join(accepted.result(), backend, flow, context.metrics(), () -> span.end(200, index, null,
                        null));
            });
        });
    }

    /** A backend connection failed: the next backend, or 502 naming the last one and why. */
    private void refuseTunnel(HttpServerRequest request, List<Target> targets, int index, Flow flow, long started,
            Target target, Throwable cause, HopSpan span) {
        RetryPolicy.Decision decision = afterBackendFailure(targets, index, span);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            tunnel(request, targets, retry.nextCandidate(), flow, started, span);
        } else {
            refuse(request, 502, backendFailed(target, cause, (RetryPolicy.Decision.GiveUp) decision), flow, started,
                    span);
        }
    }

    private void refuse(HttpServerRequest request, int status, String reason, Flow flow, long started,
            HopSpan span) {
        refused(status, reason, flow, started, span);
        HttpMessages.answer(request.response(), status, reason);
    }

    /** Logs and counts a refusal and ends its span; the caller answers it. */
    void refused(int status, String reason, Flow flow, long started, HopSpan span) {
        span.log(LOGGER, Logger.Level.DEBUG, "ingress port=%d refused status=%d reason=%s", port, status, reason);
        context.metrics().request(flow, status, context.since(started), 0);
        span.end(status, 0, reason, null);
    }

    /** Ready endpoints, starting one further at each request (round robin); the others are retry candidates. */
    private List<Target> targets(IngressDecision.Forward forward) {
        List<Endpoint> backends = forward.backends();
        int start = Math.floorMod(next.getAndIncrement(), backends.size());
        List<Target> targets = new ArrayList<>(backends.size());
        for (int i = 0; i < backends.size(); i++) {
            Endpoint e = backends.get((start + i) % backends.size());
            targets.add(new Target(e.host(), e.port(), null, null));
        }
        return targets;
    }

    /** Host, {@code :authority}, or the CONNECT target. */
    static String authority(HttpServerRequest request) {
        if (request.method() == HttpMethod.CONNECT && request.uri() != null && request.uri().contains(":")) {
            return request.uri();
        }
        HostAndPort authority = request.authority();
        if (authority == null) {
            return "";
        }
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }
}
