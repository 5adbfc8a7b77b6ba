package io.l7mp.mcw.gateway.domain;

import java.util.Locale;

/** A condition on a request header; names are case-insensitive and kept in lower case. */
public record HeaderMatch(String name, StringMatch match) {
    public HeaderMatch {
        name = name.toLowerCase(Locale.ROOT);
    }
}
