package io.l7mp.mcw.mcwanctl.domain;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A port of a static import, given as {@code --port [NAME:]PORT[/PROTOCOL]}, e.g. {@code http:8080/TCP}. */
public record ImportPort(String name, int port, String protocol) {

    private static final Pattern SPEC = Pattern.compile("(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?):)?([0-9]+)(?:/([A-Za-z]+))?");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    public ImportPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range, expected 1-65535");
        }
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol '" + protocol + "' is not one of TCP, UDP, SCTP");
        }
    }

    /**
     * @throws IllegalArgumentException naming the bad text and the expected form
     */
    public static ImportPort parse(String text) {
        Matcher m = SPEC.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a port: expected [NAME:]PORT[/PROTOCOL], "
                    + "e.g. 8080, http:8080 or dns:53/UDP");
        }
        try {
            String protocol = m.group(4) == null ? "TCP" : m.group(4).toUpperCase(Locale.ROOT);
            return new ImportPort(m.group(1), Integer.parseInt(m.group(3)), protocol);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + ":") + port + "/" + protocol;
    }
}
