package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.domain.IngressListener;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.l7mp.mcw.gateway.domain.TunnelChoice;
import io.l7mp.mcw.gateway.domain.TunnelOption;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.StatusCode;

/** The span attribute mapping (issue 13, "Unit: span attribute mapping"): what each hop's span says. */
class SpanAttributesTest {
    private static final ServiceKey PAYMENT = new ServiceKey("secure", "payment");
    private static final Upstream BUSINESS = new Upstream("cluster-1", "10.0.0.1", 31111, "sd-wan-priority-high",
            "business", 46);
    private static final Upstream INTERNET = new Upstream("cluster-1", "10.0.0.1", 31112, "sd-wan-priority-high",
            "internet", 46);
    private static final TunnelOption BUSINESS_OPTION = new TunnelOption("business", 31111, 46,
            "sd-wan-priority-high");
    private static final TunnelOption INTERNET_OPTION = new TunnelOption("internet", 31112, null,
            "sd-wan-priority-low");

    @Test
    void anIngressRequestIsDescribedInTheWordsOfTheHttpServerConventions() {
        // When
        Attributes attributes = collect(sink -> SpanAttributes.ingressRequest(sink, "GET", "/pay/42?currency=EUR",
                "payment.secure.svc.clusterset.local:8080", "1.1", "10.0.2.7", 40312));

        // Then
        assertThat(attributes.asMap()).isEqualTo(Map.of(
                key("mcw.direction"), "ingress",
                key("http.request.method"), "GET",
                key("url.scheme"), "http",
                key("url.path"), "/pay/42",
                key("url.query"), "currency=EUR",
                key("server.address"), "payment.secure.svc.clusterset.local",
                AttributeKey.longKey("server.port"), 8080L,
                key("network.protocol.version"), "1.1",
                key("network.peer.address"), "10.0.2.7",
                AttributeKey.longKey("network.peer.port"), 40312L));
    }

    @Test
    void aConnectHasNoUrlAndItsAuthorityIsTheServer() {
        // When
        Attributes attributes = collect(
                sink -> SpanAttributes.ingressRequest(sink, "CONNECT", "echo.tcp.svc.clusterset.local:7000",
                        "echo.tcp.svc.clusterset.local:7000", "1.1", null, 0));

        // Then
        assertThat(attributes.get(AttributeKey.stringKey("http.request.method"))).isEqualTo("CONNECT");
        assertThat(attributes.get(AttributeKey.stringKey("server.address"))).isEqualTo("echo.tcp.svc.clusterset.local");
        assertThat(attributes.get(AttributeKey.longKey("server.port"))).isEqualTo(7000L);
        assertThat(attributes.asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("url.path", "url.scheme", "url.query", "network.peer.address");
        assertThat(SpanAttributes.spanName("CONNECT")).isEqualTo("CONNECT");
    }

    @Test
    void aMethodTheConventionsDoNotKnowIsOtherWithTheOriginalBesideIt() {
        // When
        Attributes attributes = collect(
                sink -> SpanAttributes.ingressRequest(sink, "PROPFIND", "/dav", "files.ns.svc.clusterset.local",
                        "1.1", null, 0));

        // Then
        assertThat(attributes.get(AttributeKey.stringKey("http.request.method"))).isEqualTo("_OTHER");
        assertThat(attributes.get(AttributeKey.stringKey("http.request.method_original"))).isEqualTo("PROPFIND");
        assertThat(attributes.get(AttributeKey.longKey("server.port"))).as("the scheme's port").isEqualTo(80L);
        assertThat(SpanAttributes.spanName("PROPFIND")).isEqualTo("HTTP");
        assertThat(SpanAttributes.spanName("GET")).isEqualTo("GET");
    }

    @Test
    void anEgressRequestIsDescribedInTheWordsOfTheHttpClientConventions() {
        // When
        Attributes attributes = collect(sink -> SpanAttributes.egressRequest(sink, "POST", "/pay?Signature=abc&id=7",
                "payment.secure.svc.clusterset.local:8080", "2"));

        // Then: the sensitive query value the conventions name is scrubbed
        assertThat(attributes.asMap()).isEqualTo(Map.of(
                key("mcw.direction"), "egress",
                key("http.request.method"), "POST",
                key("url.full"), "http://payment.secure.svc.clusterset.local:8080/pay?Signature=REDACTED&id=7",
                key("url.path"), "/pay",
                key("server.address"), "payment.secure.svc.clusterset.local",
                AttributeKey.longKey("server.port"), 8080L,
                key("network.protocol.version"), "2"));
    }

    @Test
    void anIngressRouteNamesTheClustersServicePolicyTunnelAndTheRttMeasuredFromThisEnd() {
        // Given
        IngressListener listener = new IngressListener(31111, "sd-wan-priority-high", "business", 46);
        PathHealth measured = health(new PathKey("cluster-2", "business"), 12.5, 500);

        // When
        Attributes attributes = collect(
                sink -> SpanAttributes.ingressRoute(sink, "cluster-2", "cluster-1", 31111, listener, PAYMENT,
                        measured));

        // Then
        assertThat(attributes.asMap()).isEqualTo(Map.of(
                key("mcw.source_cluster"), "cluster-2",
                key("mcw.destination_cluster"), "cluster-1",
                key("mcw.service"), "secure/payment",
                key("mcw.policy"), "sd-wan-priority-high",
                key("mcw.tunnel"), "business",
                AttributeKey.longKey("mcw.tunnel_port"), 31111L,
                AttributeKey.doubleKey("mcw.tunnel_rtt_ms"), 12.5));
    }

    @Test
    void anIngressRouteLeavesOutWhatItDoesNotKnow() {
        // When: no source cluster field, a refused request, a path nothing was measured on
        Attributes attributes = collect(sink -> SpanAttributes.ingressRoute(sink, null, "cluster-1", 31111,
                new IngressListener(31111, "sd-wan-priority-high", "business", 46), null,
                health(new PathKey("cluster-2", "business"), 0, 0)));

        // Then
        assertThat(attributes.asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("mcw.source_cluster", "mcw.service", "mcw.tunnel_rtt_ms")
                .contains("mcw.destination_cluster", "mcw.policy", "mcw.tunnel", "mcw.tunnel_port");
    }

    @Test
    void anEgressRouteOnThePreferredTunnelHasNoFailoverReason() {
        // Given
        TunnelChoice preferred = choice(BUSINESS_OPTION, TunnelChoice.Kind.PREFERRED, "business meets the SLA");

        // When
        Attributes attributes = collect(sink -> SpanAttributes.egressRoute(sink, "cluster-2", PAYMENT, BUSINESS, preferred,
                health(BUSINESS.path(), 21.0, 300), BUSINESS.path(), null));

        // Then
        assertThat(attributes.asMap()).isEqualTo(Map.of(
                key("mcw.source_cluster"), "cluster-2",
                key("mcw.destination_cluster"), "cluster-1",
                key("mcw.service"), "secure/payment",
                key("mcw.policy"), "sd-wan-priority-high",
                key("mcw.tunnel"), "business",
                AttributeKey.longKey("mcw.tunnel_port"), 31111L,
                key("network.peer.address"), "10.0.0.1",
                AttributeKey.longKey("network.peer.port"), 31111L,
                AttributeKey.doubleKey("mcw.tunnel_rtt_ms"), 21.0,
                key("mcw.tunnel_choice"), "preferred"));
    }

    @Test
    void anEgressRouteAfterAFailoverCarriesTheTunnelChoicesReason() {
        // Given
        TunnelChoice failover = choice(INTERNET_OPTION, TunnelChoice.Kind.FAILOVER,
                "business DOWN: 5 probes in a row lost");

        // When
        Attributes attributes = collect(sink -> SpanAttributes.egressRoute(sink, "cluster-2", PAYMENT, INTERNET, failover,
                health(INTERNET.path(), 30.0, 300), INTERNET.path(), null));

        // Then
        assertThat(attributes.get(AttributeKey.stringKey("mcw.tunnel"))).isEqualTo("internet");
        assertThat(attributes.get(AttributeKey.stringKey("mcw.tunnel_choice"))).isEqualTo("failover");
        assertThat(attributes.get(AttributeKey.stringKey("mcw.failover_reason")))
                .isEqualTo("business DOWN: 5 probes in a row lost");
        assertThat(attributes.get(AttributeKey.doubleKey("mcw.tunnel_rtt_ms"))).isEqualTo(30.0);
    }

    @Test
    void anEgressRequestRetriedOnAnotherPathSaysSoWhateverTheChoice() {
        // Given: the choice was business, and the request moved to internet after its connect failed
        TunnelChoice preferred = choice(BUSINESS_OPTION, TunnelChoice.Kind.PREFERRED, "business meets the SLA");

        // When
        Attributes attributes = collect(
                sink -> SpanAttributes.egressRoute(sink, "cluster-2", PAYMENT, INTERNET, preferred, null,
                        BUSINESS.path(), RetryPolicy.Failure.CONNECT_FAILED));

        // Then: internet is not the choice's tunnel, so no choice kind; no figures known, so no RTT
        assertThat(attributes.get(AttributeKey.stringKey("mcw.failover_reason")))
                .isEqualTo("retried on cluster-1/internet after connect_failed on cluster-1/business");
        assertThat(attributes.asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("mcw.tunnel_choice", "mcw.tunnel_rtt_ms");
    }

    @Test
    void aRetryInPlaceIsNoFailover() {
        // When: the keep-alive race sent the request again to the same tunnel
        String reason = SpanAttributes.failoverReason(BUSINESS, null, BUSINESS.path(),
                RetryPolicy.Failure.PEER_CLOSED);

        // Then
        assertThat(reason).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // status | gateway's answer | failure | span status | description | error.type | status code attribute
            "200 | - | - | UNSET | - | - | 200",
            "404 | no such service | - | UNSET | - | - | 404",
            "302 | redirected to /x | - | UNSET | - | - | 302",
            "503 | - | - | ERROR | - | 503 | 503",
            "502 | upstream 10.0.0.1:31111 failed (refused) | - | ERROR | upstream 10.0.0.1:31111 failed (refused) | 502 | 502",
            "504 | upstream timed out | - | ERROR | upstream timed out | 504 | 504",
            "200 | - | the response broke off | ERROR | the response broke off | _OTHER | 200",
            "499 | - | the client left | ERROR | the client left | _OTHER | -",
            "0 | - | CONNECT failed | ERROR | CONNECT failed | _OTHER | -" })
    void theOutcomeFollowsTheConventionsAndAGatewaysOwn5xxSaysWhy(int status, String answer, String failure,
            StatusCode code, String description, String errorType, Long statusAttribute) {
        // When
        SpanAttributes.Outcome[] outcome = new SpanAttributes.Outcome[1];
        Attributes attributes = collect(sink -> outcome[0] = SpanAttributes.outcome(sink, status, answer, failure));

        // Then
        assertThat(outcome[0].code()).isEqualTo(code);
        assertThat(outcome[0].description()).isEqualTo(description);
        assertThat(attributes.get(AttributeKey.stringKey("error.type"))).isEqualTo(errorType);
        assertThat(attributes.get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(statusAttribute);
        assertThat(attributes.get(AttributeKey.stringKey("mcw.gateway_answer"))).isEqualTo(answer);
    }

    @Test
    void aRetryEventNamesTheFailedAttemptAndWhereTheRequestGoesNext() {
        // Given
        Target failed = new Target("10.0.0.1", 31111, 46, BUSINESS.path());
        Target next = new Target("10.0.0.1", 31112, 46, INTERNET.path());

        // When
        Attributes attributes = SpanAttributes.retry(failed, RetryPolicy.Failure.CONNECT_FAILED, next);

        // Then
        assertThat(attributes.asMap()).isEqualTo(Map.of(
                key("error.type"), "connect_failed",
                key("network.peer.address"), "10.0.0.1",
                AttributeKey.longKey("network.peer.port"), 31111L,
                key("mcw.destination_cluster"), "cluster-1",
                key("mcw.tunnel"), "business",
                AttributeKey.longKey("mcw.tunnel_port"), 31111L,
                key("mcw.next_path"), "cluster-1/internet"));
    }

    @Test
    void aRetryToALocalBackendNamesOnlyItsAddress() {
        // When
        Attributes attributes = SpanAttributes.retry(new Target("10.1.0.5", 8080, null, null),
                RetryPolicy.Failure.CONNECT_FAILED, new Target("10.1.0.6", 8080, null, null));

        // Then
        assertThat(attributes.asMap().keySet()).extracting(AttributeKey::getKey)
                .containsExactlyInAnyOrder("error.type", "network.peer.address", "network.peer.port");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=1&b=2 | a=1&b=2",
            "sig=secret | sig=REDACTED",
            "AWSAccessKeyId=AKIA&Expires=1&Signature=xyz | AWSAccessKeyId=REDACTED&Expires=1&Signature=REDACTED",
            "signature=kept&X-Goog-Signature=gone | signature=kept&X-Goog-Signature=REDACTED" })
    void theQueryValuesTheConventionsCallSensitiveAreScrubbed(String query, String expected) {
        // When / Then
        assertThat(SpanAttributes.redactQuery(query)).isEqualTo(expected);
    }

    /** What a mapping writes, as the attributes a span would have. */
    private static Attributes collect(Consumer<SpanAttributes.Sink> mapping) {
        AttributesBuilder builder = Attributes.builder();
        mapping.accept(new SpanAttributes.Sink() {
            @Override
            public <T> SpanAttributes.Sink put(AttributeKey<T> key, T value) {
                builder.put(key, value);
                return this;
            }
        });
        return builder.build();
    }

    private static AttributeKey<String> key(String name) {
        return AttributeKey.stringKey(name);
    }

    private static TunnelChoice choice(TunnelOption active, TunnelChoice.Kind kind, String reason) {
        return new TunnelChoice("cluster-1", "sd-wan-priority-high", "business", active, List.of(), true, kind,
                reason, null);
    }

    private static PathHealth health(PathKey path, double rttMs, int samples) {
        return new PathHealth(path, TunnelState.UP, "up", new TunnelFigures(rttMs, rttMs, 0.1, 0, samples),
                List.of(), Instant.EPOCH, Map.of());
    }
}
