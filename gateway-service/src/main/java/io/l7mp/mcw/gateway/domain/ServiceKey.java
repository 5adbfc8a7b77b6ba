package io.l7mp.mcw.gateway.domain;

/**
 * A service by namespace and name. A Service, its ServiceExport and every cluster's ServiceImport share it (KEP-1645
 * name mapping), so one key names the service in every cluster.
 */
public record ServiceKey(String namespace, String name) implements Comparable<ServiceKey> {
    /** The longest DNS label (RFC 1123). */
    static final int MAX_LABEL_LENGTH = 63;

    public ServiceKey {
        requireLabel(namespace, "namespace");
        requireLabel(name, "name");
    }

    /** Parses {@code namespace/name}. */
    public static ServiceKey parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("service '" + text + "' is not namespace/name");
        }
        return new ServiceKey(text.substring(0, slash), text.substring(slash + 1));
    }

    /** True when {@code text} may be a namespace or a service name (an RFC 1123 label). */
    public static boolean isLabel(String text) {
        return text != null && isLabel(text, 0, text.length());
    }

    /**
     * True when {@code text[from, to)} is an RFC 1123 label: 1-63 lower-case letters, digits and '-', starting and
     * ending with a letter or digit. Written out rather than as a regular expression: the data plane checks the
     * authority of every request.
     */
    static boolean isLabel(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_LABEL_LENGTH || text.charAt(from) == '-' || text.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code <name>.<namespace>.svc.clusterset.local}: the name clients in every cluster use. */
    public String clustersetHost() {
        return name + "." + namespace + "." + ServiceDomain.CLUSTERSET.suffix();
    }

    // equals and hashCode written out: the data plane looks keys up on every request, and the ones generated for a
    // record go through method handles that showed in the profile of a loaded gateway
    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof ServiceKey k && name.equals(k.name) && namespace.equals(k.namespace);
    }

    @Override
    public int hashCode() {
        return namespace.hashCode() * 31 + name.hashCode();
    }

    @Override
    public int compareTo(ServiceKey other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    private static void requireLabel(String value, String field) {
        if (!isLabel(value)) {
            throw new IllegalArgumentException("service " + field + " '" + value
                    + "' is not a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
    }
}
