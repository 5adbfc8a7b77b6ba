package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules look at in an HTTP request. The data plane builds it from its request object without copying the
 * body, and without copying the header fields: the rules look them up by name.
 *
 * @param path the path without query string, as received (not decoded)
 * @param query the raw query string without {@code ?}; null or empty when there is none
 * @param headers the request's header fields (those forwarded: without Host)
 * @param authority the Host field or {@code :authority}, as sent; null when not known (a redirect then names the
 *        service)
 */
public record HttpRequestView(String method, String path, String query, HeaderFields headers, String authority) {
    public HttpRequestView {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("HttpRequestView.method is missing");
        }
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? "" : query;
        headers = headers == null ? HeaderFields.NONE : headers;
    }

    public HttpRequestView(String method, String path, String query, HeaderFields headers) {
        this(method, path, query, headers, null);
    }

    /**
     * A request from a request target such as {@code /payment/x?id=1}, with headers given as name/value pairs; a
     * {@code host} among them is its authority.
     */
    public static HttpRequestView of(String method, String target, String... headerNamesAndValues) {
        int q = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
            headers.computeIfAbsent(headerNamesAndValues[i].toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(headerNamesAndValues[i + 1]);
        }
        List<String> host = headers.remove("host");
        return new HttpRequestView(method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                HeaderFields.of(headers), host == null ? null : host.get(0));
    }

    /** The values of a header; empty when absent. */
    public List<String> header(String name) {
        return headers.values(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The first value of a query parameter, compared raw (not percent-decoded), as Envoy does; a parameter without
     * {@code =} has the value "".
     */
    public Optional<String> queryParam(String name) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** {@code GET /path?query}, for messages. */
    public String describe() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
