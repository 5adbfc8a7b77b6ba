package io.l7mp.mcw.gateway.adapter.http;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.Locale;
import java.util.Set;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.domain.IngressListener;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.l7mp.mcw.gateway.domain.TunnelChoice;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;

/**
 * What the data plane's spans say (docs/observability.md, "Traces in the gateway"): the request in the words of the
 * OpenTelemetry HTTP and network semantic conventions (their stable attributes), and where it went across the SD-WAN
 * in {@code mcw.*} attributes. Functions of their arguments alone, which write into a {@link Sink}, so the mapping is
 * tested without a tracer; called only for a span that records, so what they cost is never spent on the fast path.
 */
final class SpanAttributes {
    static final AttributeKey<String> DIRECTION = stringKey("mcw.direction");
    static final AttributeKey<String> SOURCE_CLUSTER = stringKey("mcw.source_cluster");
    static final AttributeKey<String> DESTINATION_CLUSTER = stringKey("mcw.destination_cluster");
    /** {@code namespace/name}. */
    static final AttributeKey<String> SERVICE = stringKey("mcw.service");
    static final AttributeKey<String> POLICY = stringKey("mcw.policy");
    static final AttributeKey<String> TUNNEL = stringKey("mcw.tunnel");
    static final AttributeKey<Long> TUNNEL_PORT = longKey("mcw.tunnel_port");
    /** The smoothed round-trip time the probes measured on the tunnel's path; absent while nothing was measured. */
    static final AttributeKey<Double> TUNNEL_RTT_MS = doubleKey("mcw.tunnel_rtt_ms");
    /** Why the tunnel is the one in use: {@link TunnelChoice.Kind} in lower case. */
    static final AttributeKey<String> TUNNEL_CHOICE = stringKey("mcw.tunnel_choice");
    /** Why the request did not cross the policy's own tunnel: the tunnel choice's reason, or its own retry. */
    static final AttributeKey<String> FAILOVER_REASON = stringKey("mcw.failover_reason");
    /** The text of an answer the gateway gave itself (a refusal, a redirect, giving up on the upstreams). */
    static final AttributeKey<String> GATEWAY_ANSWER = stringKey("mcw.gateway_answer");
    /** On a retry event: the path ({@code cluster/tunnel}) the request is sent on next. */
    static final AttributeKey<String> NEXT_PATH = stringKey("mcw.next_path");

    /** The event recorded on a request's span each time an attempt failed and the request was sent again. */
    static final String RETRY_EVENT = "mcw.retry";
    static final String EGRESS = TrafficMetrics.EGRESS;
    static final String INGRESS = TrafficMetrics.INGRESS;

    /** The methods the conventions know; any other is reported as {@code _OTHER} with the original beside it. */
    private static final Set<String> KNOWN_METHODS = Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH",
            "POST", "PUT", "QUERY", "TRACE");
    /** Query parameters whose values the conventions ask to scrub (signed URLs). */
    private static final Set<String> SENSITIVE_PARAMETERS = Set.of("AWSAccessKeyId", "Signature", "sig",
            "X-Goog-Signature");
    private static final String REDACTED = "REDACTED";
    private static final String OTHER = "_OTHER";
    /** The values of {@link #TUNNEL_CHOICE} and of a retry's {@code error.type}, by ordinal: made once. */
    private static final String[] CHOICE_NAMES = lowerCaseNames(TunnelChoice.Kind.values());
    private static final String[] FAILURE_NAMES = lowerCaseNames(RetryPolicy.Failure.values());

    /** What a span reports on how its request or connection ended, besides its attributes. */
    record Outcome(StatusCode code, String description) {
    }

    /**
     * Where the attributes go: straight into a recording span ({@link HopSpan}), so that no intermediate
     * {@link Attributes} is built and sorted per request; into a builder in the tests.
     */
    interface Sink {
        <T> Sink put(AttributeKey<T> key, T value);
    }

    private SpanAttributes() {
    }

    /** {@code {method}}, as the conventions name a span with no route template: low cardinality whatever the path. */
    static String spanName(String method) {
        return KNOWN_METHODS.contains(method) ? method : "HTTP";
    }

    /**
     * A request (or CONNECT) arriving at an ingress listener: a SERVER span.
     *
     * @param target the request target as sent (origin form; authority form for CONNECT)
     * @param authority Host or {@code :authority}
     * @param protocolVersion {@code 1.0}, {@code 1.1} or {@code 2}
     * @param peerAddress the address of the connection's other end (the peer gateway, the SD-WAN); null when unknown
     */
    static void ingressRequest(Sink b, String method, String target, String authority, String protocolVersion,
            String peerAddress, int peerPort) {
        b.put(DIRECTION, INGRESS);
        method(b, method);
        if (!"CONNECT".equals(method)) {
            int q = target.indexOf('?');
            b.put(UrlAttributes.URL_SCHEME, "http").put(UrlAttributes.URL_PATH, q < 0 ? target : target.substring(0, q));
            if (q >= 0) {
                b.put(UrlAttributes.URL_QUERY, redactQuery(target.substring(q + 1)));
            }
        }
        authority(b, authority);
        b.put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion);
        if (peerAddress != null) {
            b.put(NetworkAttributes.NETWORK_PEER_ADDRESS, peerAddress).put(NetworkAttributes.NETWORK_PEER_PORT,
                    (long) peerPort);
        }
    }

    /**
     * A request (or TCP connection, as a CONNECT) the egress gateway sends to a peer's ingress: a CLIENT span.
     * {@code server.*} name the service as the request does; the peer gateway's socket is in {@link #egressRoute}.
     *
     * @param target the request target as sent (origin form); ignored for CONNECT
     * @param authority the Host sent to the peer (the service's clusterset name), or the client's own for a request
     *        the gateway answers itself
     * @param protocolVersion of the tunnel hop: {@code 1.1}, or {@code 2} for h2c
     */
    static void egressRequest(Sink b, String method, String target, String authority, String protocolVersion) {
        b.put(DIRECTION, EGRESS);
        method(b, method);
        if (!"CONNECT".equals(method)) {
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            String query = q < 0 ? "" : "?" + redactQuery(target.substring(q + 1));
            if (authority != null && !authority.isEmpty()) {
                b.put(UrlAttributes.URL_FULL, "http://" + authority + path + query);
            }
            b.put(UrlAttributes.URL_PATH, path);
        }
        authority(b, authority);
        b.put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion);
    }

    /**
     * Where an ingress request came from and what it reached.
     *
     * @param sourceCluster the {@code x-mcw-source-cluster} the egress gateway set; null when absent
     * @param listener the ingress listener: its policy and tunnel; null when the port has none any more
     * @param service null when the request named no service this cluster exports
     * @param path the health this cluster measured on the same tunnel towards the source cluster; null when unknown
     */
    static void ingressRoute(Sink b, String sourceCluster, String cluster, int port, IngressListener listener,
            ServiceKey service, PathHealth path) {
        if (sourceCluster != null && !sourceCluster.isBlank()) {
            b.put(SOURCE_CLUSTER, sourceCluster);
        }
        b.put(DESTINATION_CLUSTER, cluster).put(TUNNEL_PORT, (long) port);
        if (service != null) {
            b.put(SERVICE, service.toString());
        }
        if (listener != null) {
            b.put(POLICY, listener.policy()).put(TUNNEL, listener.tunnel());
        }
        rtt(b, path);
    }

    /**
     * Where an egress request went: the attempt that answered (or the last one tried), the tunnel choice of its
     * cluster and policy, and the tunnel's measured health.
     *
     * @param used the candidate of that attempt
     * @param choice the route table's tunnel choice for the candidate's cluster and policy; null when it has none
     * @param path the health of the candidate's path; null when nothing is known of it
     * @param firstPath the path of the request's first attempt
     * @param lastFailure how the attempt before the last failed; null when the first attempt answered
     */
    static void egressRoute(Sink b, String cluster, ServiceKey service, Upstream used, TunnelChoice choice,
            PathHealth path, PathKey firstPath, RetryPolicy.Failure lastFailure) {
        b.put(SOURCE_CLUSTER, cluster)
                .put(DESTINATION_CLUSTER, used.cluster()).put(SERVICE, service.toString())
                .put(POLICY, used.policy()).put(TUNNEL, used.tunnel()).put(TUNNEL_PORT, (long) used.tunnelPort())
                .put(NetworkAttributes.NETWORK_PEER_ADDRESS, used.ingressHost())
                .put(NetworkAttributes.NETWORK_PEER_PORT, (long) used.tunnelPort());
        rtt(b, path);
        boolean chosen = choice != null && choice.active().tunnel().equals(used.tunnel());
        if (chosen) {
            b.put(TUNNEL_CHOICE, CHOICE_NAMES[choice.kind().ordinal()]);
        }
        String reason = failoverReason(used, chosen ? choice : null, firstPath, lastFailure);
        if (reason != null) {
            b.put(FAILOVER_REASON, reason);
        }
    }

    /**
     * Why an egress request did not cross its policy's own tunnel, or null when it did: its own retry on another path
     * first (what happened to this request), else the reason of a tunnel choice that is not the preferred one.
     */
    static String failoverReason(Upstream used, TunnelChoice choice, PathKey firstPath,
            RetryPolicy.Failure lastFailure) {
        PathKey usedPath = used.path();
        if (lastFailure != null && firstPath != null && !firstPath.equals(usedPath)) {
            return "retried on " + usedPath + " after " + failureName(lastFailure) + " on " + firstPath;
        }
        if (choice != null && choice.kind() != TunnelChoice.Kind.PREFERRED) {
            return choice.reason();
        }
        return null;
    }

    /**
     * How a request or connection ended.
     *
     * @param status the status the client got (or, for a CONNECT, the peer's answer); 0 when there was none, and
     *        {@link HttpForwarder#CLIENT_CLOSED_REQUEST} when the client left before the answer
     * @param answer the text of the gateway's own answer; null when the upstream answered
     * @param failure why it failed other than by its status (the response broke off, the client left, a TCP tunnel
     *        could not be opened); null when it did not
     */
    static Outcome outcome(Sink b, int status, String answer, String failure) {
        boolean answered = status > 0 && status != HttpForwarder.CLIENT_CLOSED_REQUEST;
        if (answered) {
            b.put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (answer != null) {
            b.put(GATEWAY_ANSWER, answer);
        }
        if (answered && status >= 500) {
            b.put(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
            // the conventions leave the description empty when the status code says it all: the upstream's 5xx
            return new Outcome(StatusCode.ERROR, failure != null ? failure : answer);
        }
        if (failure != null) {
            b.put(ErrorAttributes.ERROR_TYPE, OTHER);
            return new Outcome(StatusCode.ERROR, failure);
        }
        return new Outcome(StatusCode.UNSET, null);
    }

    /** The attributes of a {@link #RETRY_EVENT}: the attempt that failed, how, and where the request goes next. */
    static Attributes retry(Target failed, RetryPolicy.Failure failure, Target next) {
        AttributesBuilder b = Attributes.builder().put(ErrorAttributes.ERROR_TYPE, failureName(failure))
                .put(NetworkAttributes.NETWORK_PEER_ADDRESS, failed.host())
                .put(NetworkAttributes.NETWORK_PEER_PORT, (long) failed.port());
        if (failed.path() != null) {
            b.put(DESTINATION_CLUSTER, failed.path().destinationCluster()).put(TUNNEL, failed.path().tunnel())
                    .put(TUNNEL_PORT, (long) failed.port());
        }
        if (next.path() != null) {
            b.put(NEXT_PATH, next.path().toString());
        }
        return b.build();
    }

    /**
     * {@code query} with the values of the parameters the conventions call sensitive replaced by {@code REDACTED}; the
     * same string when it has none.
     */
    static String redactQuery(String query) {
        boolean any = false;
        for (String name : SENSITIVE_PARAMETERS) {
            any |= query.contains(name);
        }
        if (!any) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            if (eq >= 0 && SENSITIVE_PARAMETERS.contains(pair.substring(0, eq))) {
                out.append(pair, 0, eq + 1).append(REDACTED);
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }

    /** {@code connect_failed}, {@code no_response}, ...: the failure as an {@code error.type}. */
    static String failureName(RetryPolicy.Failure failure) {
        return FAILURE_NAMES[failure.ordinal()];
    }

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> value : values) {
            names[value.ordinal()] = value.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    private static void method(Sink b, String method) {
        if (KNOWN_METHODS.contains(method)) {
            b.put(HttpAttributes.HTTP_REQUEST_METHOD, method);
        } else {
            b.put(HttpAttributes.HTTP_REQUEST_METHOD, OTHER).put(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, method);
        }
    }

    /** {@code server.address} and {@code server.port} from a Host field: {@code host}, {@code host:port}, {@code [v6]:port}. */
    private static void authority(Sink b, String authority) {
        if (authority == null || authority.isEmpty()) {
            return;
        }
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        long port = 80;
        String host = authority;
        if (colon > bracket) {
            try {
                port = Long.parseLong(authority.substring(colon + 1));
                host = authority.substring(0, colon);
            } catch (NumberFormatException e) {
                // not a port: the whole field is reported as the host
            }
        }
        b.put(ServerAttributes.SERVER_ADDRESS, host).put(ServerAttributes.SERVER_PORT, port);
    }

    private static void rtt(Sink b, PathHealth path) {
        if (path != null && path.figures().samples() > 0) {
            b.put(TUNNEL_RTT_MS, path.figures().rttMs());
        }
    }
}
