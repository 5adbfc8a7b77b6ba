package io.l7mp.mcw.gateway.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A service named in a Host header, an HTTP/2 {@code :authority} or a CONNECT target:
 * {@code <svc>.<ns>.svc.clusterset.local} or {@code <svc>.<ns>.svc.cluster.local}, optionally with {@code :port}.
 *
 * @param port null when the authority names no port
 */
public record Authority(ServiceKey service, ServiceDomain domain, Integer port) {
    public Authority {
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("authority port " + port + " is not 1-65535");
        }
    }

    /**
     * Parses {@code host[:port]}; empty when it is not a service name of either domain. Runs for every request the
     * gateway routes by authority, so it splits the text by hand instead of with a regular expression.
     */
    public static Optional<Authority> parse(String authority) {
        if (authority == null) {
            return Optional.empty();
        }
        String text = authority.trim().toLowerCase(Locale.ROOT);
        int end = text.length();
        Integer port = null;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            port = parsePort(text, colon + 1, end);
            if (port == null) {
                return Optional.empty();
            }
            end = colon;
        }
        return parseHost(text, end, port);
    }

    /** Parses a host name without port (a trailing dot is allowed); empty when it is not a service name. */
    public static Optional<Authority> parseHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String text = host.toLowerCase(Locale.ROOT);
        return parseHost(text, text.length(), null);
    }

    /** {@code <svc>.<ns>.<domain suffix>[.]} in {@code text[0, end)}, already lower case. */
    private static Optional<Authority> parseHost(String text, int end, Integer port) {
        if (end > 0 && text.charAt(end - 1) == '.') {
            end--;
        }
        for (ServiceDomain domain : ServiceDomain.values()) {
            String suffix = domain.suffix();
            int dot = end - suffix.length() - 1;
            if (dot < 0 || text.charAt(dot) != '.' || !text.startsWith(suffix, dot + 1)) {
                continue;
            }
            int split = text.indexOf('.');
            if (split < dot && text.indexOf('.', split + 1) == dot && ServiceKey.isLabel(text, 0, split)
                    && ServiceKey.isLabel(text, split + 1, dot)) {
                return Optional.of(new Authority(new ServiceKey(text.substring(split + 1, dot),
                        text.substring(0, split)), domain, port));
            }
        }
        return Optional.empty();
    }

    /** The port in {@code text[from, to)}: 1-5 digits, 1-65535; null otherwise. */
    private static Integer parsePort(String text, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return null;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : null;
    }
}
