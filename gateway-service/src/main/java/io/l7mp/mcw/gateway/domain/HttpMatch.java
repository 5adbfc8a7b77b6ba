package io.l7mp.mcw.gateway.domain;

import java.util.Comparator;
import java.util.List;

/**
 * One match condition of a rule: every part that is set must hold (AND). A rule's list of matches is OR-ed.
 *
 * @param method an HTTP method compared exactly, null for any
 * @param path null for any path
 */
public record HttpMatch(String method, PathMatch path, List<HeaderMatch> headers, List<QueryMatch> queryParams) {

    /** Matches every request: a rule without conditions. */
    public static final HttpMatch ANY = new HttpMatch(null, null, List.of(), List.of());

    /** Sorts the header and query conditions by name: their order does not matter (AND), equality should not. */
    public HttpMatch {
        headers = headers == null ? List.of()
                : headers.stream().sorted(Comparator.comparing(HeaderMatch::name)
                        .thenComparing(h -> h.match().toString())).toList();
        queryParams = queryParams == null ? List.of()
                : queryParams.stream().sorted(Comparator.comparing(QueryMatch::name)
                        .thenComparing(q -> q.match().toString())).toList();
    }
}
