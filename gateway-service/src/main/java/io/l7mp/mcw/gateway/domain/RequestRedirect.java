package io.l7mp.mcw.gateway.domain;

import java.util.Set;

/**
 * Gateway API {@code RequestRedirect}: the egress gateway answers the request itself with a redirect, and nothing is
 * sent to any cluster. Parts left null keep the request's own.
 *
 * @param scheme {@code http} or {@code https}; null for the request's ({@code http}: the gateway's listeners speak
 *        cleartext)
 * @param hostname null for the request's host (its Host header without the port)
 * @param path null for the request's path
 * @param port null: the scheme's well-known port when a scheme is given, else the service port the request was
 *        addressed to (the mesh's listener port)
 * @param statusCode 301, 302 (core), 303, 307 or 308
 */
public record RequestRedirect(String scheme, String hostname, PathModifier path, Integer port, int statusCode) {

    public static final Set<Integer> STATUS_CODES = Set.of(301, 302, 303, 307, 308);
    public static final int DEFAULT_STATUS = 302;

    public RequestRedirect {
        if (!STATUS_CODES.contains(statusCode)) {
            throw new IllegalArgumentException("RequestRedirect.statusCode is " + statusCode
                    + ", expected one of 301, 302, 303, 307, 308");
        }
        if (scheme != null && !"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("RequestRedirect.scheme is " + scheme + ", expected http or https");
        }
    }

    /** How a redirect changes the path. */
    public sealed interface PathModifier {
        /** The whole path becomes {@code value}. */
        record ReplaceFullPath(String value) implements PathModifier {
        }

        /** The part of the path the rule's {@code PathPrefix} matched becomes {@code value}; the rest is kept. */
        record ReplacePrefixMatch(String value) implements PathModifier {
        }
    }

    /**
     * The {@code Location} of the answer.
     *
     * @param requestHost the request's Host or {@code :authority}, with or without port; null or empty for none
     * @param service the service the request was addressed to: its host stands in for a missing Host
     * @param servicePort the service port the request was addressed to; null when unknown (then the scheme's own)
     * @param matchedPrefix the {@code PathPrefix} of the rule's match ({@code /} for a rule without path match)
     */
    public String location(String requestHost, ServiceKey service, Integer servicePort, String requestPath,
            String query, String matchedPrefix) {
        String newScheme = scheme != null ? scheme : "http";
        String host = hostname != null ? hostname : hostOf(requestHost, service);
        int defaultPort = "https".equals(newScheme) ? 443 : 80;
        int newPort = port != null ? port : scheme != null || servicePort == null ? defaultPort : servicePort;
        String newPath = path == null ? requestPath : newPath(requestPath, matchedPrefix);
        return newScheme + "://" + host + (newPort == defaultPort ? "" : ":" + newPort) + newPath
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private String newPath(String requestPath, String matchedPrefix) {
        if (path instanceof PathModifier.ReplaceFullPath full) {
            return full.value();
        }
        String replacement = withoutTrailingSlash(((PathModifier.ReplacePrefixMatch) path).value());
        String prefix = withoutTrailingSlash(matchedPrefix == null ? "/" : matchedPrefix);
        String rest = requestPath.startsWith(prefix) ? requestPath.substring(prefix.length()) : requestPath;
        String result = replacement + rest;
        return result.isEmpty() ? "/" : result;
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The host part of a Host field ({@code name}, {@code name:port}, {@code [v6]:port}). */
    private static String hostOf(String requestHost, ServiceKey service) {
        if (requestHost == null || requestHost.isBlank()) {
            return service.clustersetHost();
        }
        String host = requestHost.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
