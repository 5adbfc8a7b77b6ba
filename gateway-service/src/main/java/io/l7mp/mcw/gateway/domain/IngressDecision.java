package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** What the ingress gateway does with a request or CONNECT that arrived from the SD-WAN. */
public sealed interface IngressDecision {
    /** Not forwarded: answered with {@code status} and {@code reason} as its body. */
    sealed interface Refusal extends IngressDecision {
        int status();

        String reason();
    }

    /** Forward to the local service: try the backends (its ready endpoints). */
    record Forward(ServiceKey service, int port, List<Endpoint> backends) implements IngressDecision {
        public Forward {
            backends = List.copyOf(backends);
        }
    }

    /** 404: the authority names no service this cluster knows, or a port the service does not have. */
    record NotFound(String reason) implements Refusal {
        public int status() {
            return 404;
        }
    }

    /**
     * 403: a service this cluster knows but does not export (an imported service, a local Service without
     * ServiceExport). Never forwarded: only exported services are reachable from other clusters.
     */
    record Forbidden(String reason) implements Refusal {
        public int status() {
            return 403;
        }
    }

    /** 503: the service is exported but has no ready endpoint here. */
    record Unavailable(String reason) implements Refusal {
        public int status() {
            return 503;
        }
    }
}
