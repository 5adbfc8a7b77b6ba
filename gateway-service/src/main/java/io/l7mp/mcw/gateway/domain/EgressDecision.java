package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** What the egress gateway does with a request or connection from a local client. */
public sealed interface EgressDecision {
    /** Not forwarded: answered with {@code status} and {@code reason} as its body (HTTP), or closed (TCP). */
    sealed interface Refusal extends EgressDecision {
        int status();

        String reason();
    }

    /** The header the egress gateway sets on every request it forwards. */
    String SOURCE_CLUSTER_HEADER = "x-mcw-source-cluster";

    /**
     * Send to {@code destination:port} in another cluster: try the candidates in order (see {@link RetryPolicy}).
     *
     * @param candidates the first is chosen by ready-endpoint weight, the others are fallbacks
     * @param requestHeaders what to change on the request (rule, destination, then the source-cluster header)
     * @param source the L7 rule that chose the destination, or the service-level route
     */
    record Route(ServiceKey destination, int port, List<Upstream> candidates, HeaderModifier requestHeaders,
            RuleSource source) implements EgressDecision {
        public Route {
            candidates = List.copyOf(candidates);
        }

        /** The authority to send to the ingress gateway, which routes by it. */
        public String authority() {
            return destination.clustersetHost() + ":" + port;
        }
    }

    /** 404: the host has L7 rules and none matches the request; nothing is sent. The reason is the response body. */
    record NoRule(String reason) implements Refusal {
        public int status() {
            return 404;
        }
    }

    /** 404 (HTTP) or a closed connection (TCP): the name or port is not an imported service here. */
    record UnknownService(String reason) implements Refusal {
        public int status() {
            return 404;
        }
    }

    /**
     * Answered by the egress gateway with a redirect, as the matching rule's {@code RequestRedirect} says; nothing is
     * sent to any cluster.
     *
     * @param status 301, 302, 303, 307 or 308
     * @param location the {@code Location} field
     */
    record Redirect(int status, String location, RuleSource.L7Rule source) implements EgressDecision {
    }

    /**
     * 500: the matching rule sends this request to a backend that cannot be used (not imported here, not a service,
     * in another namespace), or has no backend left (Gateway API: such requests "MUST receive a 500 status code").
     * The other rules of the route keep working.
     */
    record BackendError(String reason, RuleSource.L7Rule source) implements Refusal {
        public int status() {
            return 500;
        }
    }

    /** 503: the service is imported but no cluster exports the requested port any more. */
    record Unavailable(String reason) implements Refusal {
        public int status() {
            return 503;
        }
    }
}
