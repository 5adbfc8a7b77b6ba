package io.l7mp.mcw.gateway.domain;

/** A condition on a query parameter (exact or regex); names are case-sensitive. */
public record QueryMatch(String name, StringMatch match) {
}
