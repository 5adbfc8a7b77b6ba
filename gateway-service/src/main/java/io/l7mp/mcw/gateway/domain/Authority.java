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

    /** Parses {@code host[:port]}; empty when it is not a service name of either domain. */
    public static Optional<Authority> parse(String authority) {
        if (authority == null || authority.isBlank()) {
            return Optional.empty();
        }
        String text = authority.trim().toLowerCase(Locale.ROOT);
        Integer port = null;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            port = parsePort(text.substring(colon + 1));
            if (port == null) {
                return Optional.empty();
            }
            text = text.substring(0, colon);
        }
        Integer p = port;
        return parseHost(text).map(h -> new Authority(h.service, h.domain, p));
    }

    /** Parses a host name without port (a trailing dot is allowed); empty when it is not a service name. */
    public static Optional<Authority> parseHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String text = host.toLowerCase(Locale.ROOT);
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        for (ServiceDomain domain : ServiceDomain.values()) {
            String suffix = "." + domain.suffix();
            if (text.endsWith(suffix)) {
                String[] labels = text.substring(0, text.length() - suffix.length()).split("\\.", -1);
                if (labels.length == 2 && ServiceKey.isLabel(labels[0]) && ServiceKey.isLabel(labels[1])) {
                    return Optional.of(new Authority(new ServiceKey(labels[1], labels[0]), domain, null));
                }
            }
        }
        return Optional.empty();
    }

    private static Integer parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535 ? port : null;
    }
}
