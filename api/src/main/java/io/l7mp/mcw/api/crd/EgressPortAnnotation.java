package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.EgressPort;

/**
 * The text form of the egress ports of one import, as recorded on its ServiceImport: comma-separated
 * {@code name/protocol/port=egressPort}, e.g. {@code http/TCP/8080=40001,grpc/TCP/9090=40002} (an unnamed port
 * has an empty name: {@code /TCP/8080=40001}). The import-service writes it ({@link ServiceImport#ANNOTATION_EGRESS_PORTS})
 * and keeps its allocations stable across restarts with it; the gateway opens its egress listeners from it.
 */
public final class EgressPortAnnotation {
    private EgressPortAnnotation() {
    }

    public static String format(List<EgressPort> ports) {
        return ports.stream()
                .map(p -> (p.name() == null ? "" : p.name()) + "/" + p.protocol() + "/" + p.port() + "=" + p.egressPort())
                .collect(Collectors.joining(","));
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code name/protocol/port=egressPort}
     */
    public static List<EgressPort> parse(String text) {
        List<EgressPort> ports = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ports;
        }
        for (String entry : text.split(",")) {
            ports.add(parseEntry(entry.trim()));
        }
        return ports;
    }

    /**
     * One entry, {@code name/protocol/port=egressPort}.
     *
     * @throws IllegalArgumentException naming the entry and saying what is expected
     */
    public static EgressPort parseEntry(String entry) {
        String[] sides = entry.split("=", -1);
        String[] parts = sides[0].split("/", -1);
        if (sides.length != 2 || parts.length != 3 || parts[1].isEmpty()) {
            throw new IllegalArgumentException(
                    "egress port entry '" + entry + "' is malformed, expected name/protocol/port=egressPort");
        }
        try {
            return new EgressPort(parts[0].isEmpty() ? null : parts[0], parts[1], Integer.parseInt(parts[2]),
                    Integer.parseInt(sides[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("egress port entry '" + entry + "' is invalid: " + e.getMessage()
                    + "; expected name/protocol/port=egressPort with ports 1-65535", e);
        }
    }
}
