package io.l7mp.mcw.gateway.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a Gateway API {@code HTTPRequestRedirectFilter}. */
final class GatewayApiRedirects {
    /** A precise RFC 1123 host name, as the Gateway API {@code PreciseHostname} type: no wildcard, no port. */
    private static final Pattern PRECISE_HOSTNAME = Pattern
            .compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private GatewayApiRedirects() {
    }

    /** The redirect; empty after recording a problem. */
    static Optional<RequestRedirect> redirect(SpecNode node) {
        if (!node.present()) {
            node.error("is missing (required for type RequestRedirect)");
            return Optional.empty();
        }
        node.checkFields("an HTTPRequestRedirectFilter", List.of("scheme", "hostname", "path", "port", "statusCode"),
                Set.of());
        boolean valid = true;
        String scheme = node.field("scheme").text().orElse(null);
        if (scheme != null && !"http".equals(scheme) && !"https".equals(scheme)) {
            node.field("scheme").error("is '" + scheme + "', expected http or https");
            valid = false;
        }
        String hostname = node.field("hostname").text().orElse(null);
        if (hostname != null && (hostname.length() > 253 || !PRECISE_HOSTNAME.matcher(hostname).matches())) {
            node.field("hostname").error("is '" + hostname + "', expected a precise host name (lower case, no "
                    + "wildcard, no port)");
            valid = false;
        }
        Optional<Integer> port = node.field("port").port();
        valid &= port.isPresent() || !node.has("port");
        Optional<Integer> status = node.field("statusCode").integer();
        if (status.isPresent() && !RequestRedirect.STATUS_CODES.contains(status.get())) {
            node.field("statusCode").error("is " + status.get() + ", expected 301 or 302 (or 303, 307, 308)");
            valid = false;
        }
        valid &= status.isPresent() || !node.has("statusCode");
        Optional<RequestRedirect.PathModifier> path = path(node.field("path"));
        valid &= path.isPresent() || !node.has("path");
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new RequestRedirect(scheme, hostname, path.orElse(null), port.orElse(null),
                status.orElse(RequestRedirect.DEFAULT_STATUS)));
    }

    /** An {@code HTTPPathModifier}; empty when absent or after recording a problem. */
    private static Optional<RequestRedirect.PathModifier> path(SpecNode path) {
        if (!path.present()) {
            return Optional.empty();
        }
        path.checkFields("an HTTPPathModifier", List.of("type", "replaceFullPath", "replacePrefixMatch"), Set.of());
        String type = path.field("type").requiredText().orElse("");
        String field = switch (type) {
            case "ReplaceFullPath" -> "replaceFullPath";
            case "ReplacePrefixMatch" -> "replacePrefixMatch";
            default -> null;
        };
        if (field == null) {
            if (!type.isEmpty()) {
                path.field("type").error("is '" + type + "', expected ReplaceFullPath or ReplacePrefixMatch");
            }
            return Optional.empty();
        }
        String other = field.equals("replaceFullPath") ? "replacePrefixMatch" : "replaceFullPath";
        if (path.has(other)) {
            path.field(other).error("is set, but type is " + type + " (which takes " + field + ")");
        }
        Optional<String> value = path.field(field).requiredText();
        if (value.isPresent() && !value.get().startsWith("/")) {
            path.field(field).error("is '" + value.get() + "', expected an absolute path starting with '/'");
            return Optional.empty();
        }
        return value.map(v -> "ReplaceFullPath".equals(type) ? new RequestRedirect.PathModifier.ReplaceFullPath(v)
                : new RequestRedirect.PathModifier.ReplacePrefixMatch(v));
    }
}
