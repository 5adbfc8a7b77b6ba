package io.l7mp.mcw.api.net;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * An address given on the command line: {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT}.
 * The host is an IPv4 or IPv6 literal or a DNS name.
 */
public record HostPort(String host, OptionalInt port) {

    private static final Pattern DNS_NAME = Pattern
            .compile(
                    "(?=.{1,253}$)([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port " + port.getAsInt() + " is out of range, expected 1-65535");
        }
    }

    /**
     * @throws IllegalArgumentException naming the bad text and the expected forms
     */
    public static HostPort parse(String text) {
        try {
            return parseStrict(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address: " + e.getMessage()
                    + "; expected HOST, HOST:PORT, [IPv6] or [IPv6]:PORT, e.g. 192.0.2.10:31111");
        }
    }

    /** Like {@link #parse(String)}, but the port is required. */
    public static HostPort parseWithPort(String text) {
        HostPort address = parse(text);
        if (address.port().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no port: expected HOST:PORT, e.g. 127.0.0.1:8081");
        }
        return address;
    }

    private static HostPort parseStrict(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("it is empty");
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' without ']'");
            }
            String host = text.substring(1, close);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
            }
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(host, OptionalInt.empty());
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']'");
            }
            return new HostPort(host, OptionalInt.of(port(rest.substring(1))));
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
            // a bare IPv6 literal: no port can be told apart from it
            if (!IPV6.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
            }
            return new HostPort(text, OptionalInt.empty());
        }
        String host = colon < 0 ? text : text.substring(0, colon);
        if (!DNS_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a DNS name");
        }
        return colon < 0 ? new HostPort(host, OptionalInt.empty())
                : new HostPort(host, OptionalInt.of(port(text.substring(colon + 1))));
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
    }

    /** How it was written: host, with brackets for IPv6, and {@code :port} when there is one. */
    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port.isPresent() ? h + ":" + port.getAsInt() : h;
    }
}
