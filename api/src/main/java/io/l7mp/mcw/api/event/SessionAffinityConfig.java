package io.l7mp.mcw.api.event;

/**
 * A Service's {@code spec.sessionAffinityConfig}, with the same JSON shape as in Kubernetes
 * ({@code {"clientIP":{"timeoutSeconds":10800}}}), so that it travels to the ServiceImport unchanged.
 */
public record SessionAffinityConfig(ClientIP clientIP) {

    /** {@code clientIP}: how long a client sticks to one backend. */
    public record ClientIP(Integer timeoutSeconds) {
        public ClientIP {
            if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > 86400)) {
                throw new IllegalArgumentException("SessionAffinityConfig.clientIP.timeoutSeconds is " + timeoutSeconds
                        + ", expected 1-86400");
            }
        }
    }

    public static SessionAffinityConfig clientIP(Integer timeoutSeconds) {
        return new SessionAffinityConfig(new ClientIP(timeoutSeconds));
    }

    /** "clientIP.timeoutSeconds=10800", for messages. */
    @Override
    public String toString() {
        return clientIP == null ? "{}" : "clientIP.timeoutSeconds=" + clientIP.timeoutSeconds();
    }
}
