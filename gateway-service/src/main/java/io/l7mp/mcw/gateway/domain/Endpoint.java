package io.l7mp.mcw.gateway.domain;

/** A network address {@code host:port}: a ready pod endpoint, a cluster IP with its port, or an ingress gateway. */
public record Endpoint(String host, int port) implements Comparable<Endpoint> {
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("endpoint host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint " + host + " port " + port + " is not 1-65535");
        }
    }

    /** Parses {@code host:port} (IPv6 as {@code [addr]:port}). */
    public static Endpoint parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no numeric port", e);
        }
    }

    @Override
    public int compareTo(Endpoint other) {
        int byHost = host.compareTo(other.host);
        return byHost != 0 ? byHost : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
