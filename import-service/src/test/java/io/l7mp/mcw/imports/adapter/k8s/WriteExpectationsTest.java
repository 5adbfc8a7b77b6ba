package io.l7mp.mcw.imports.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.imports.domain.ServiceRef;

class WriteExpectationsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final ServiceRef PAYMENT = new ServiceRef("secure", "payment");

    private final Map<String, String> cache = new HashMap<>();
    private final BiFunction<String, ServiceRef, Optional<String>> cached = (kind, ref) -> Optional
            .ofNullable(cache.get(kind + " " + ref));
    private final WriteExpectations expectations = new WriteExpectations();

    @Test
    void nothingWrittenMeansNothingPending() {
        assertThat(expectations.met(cached, T0)).isTrue();
    }

    @Test
    void aCreateIsMetOnceTheCacheHoldsTheObject() {
        // Given
        expectations.created("Service", PAYMENT, T0);

        // When / Then
        assertThat(expectations.met(cached, T0)).isFalse();
        cache.put("Service secure/payment", "7");
        assertThat(expectations.met(cached, T0)).isTrue();
    }

    @Test
    void anUpdateIsMetOnceTheCacheMovedPastThePreviousVersion() {
        // Given
        cache.put("ServiceImport secure/payment", "7");
        expectations.updated("ServiceImport", PAYMENT, "7", T0);

        // When / Then
        assertThat(expectations.met(cached, T0)).isFalse();
        cache.put("ServiceImport secure/payment", "9");
        assertThat(expectations.met(cached, T0)).isTrue();
    }

    @Test
    void aDeleteIsMetOnceTheObjectLeftTheCache() {
        // Given
        cache.put("EndpointSlice secure/payment", "7");
        expectations.deleted("EndpointSlice", PAYMENT, T0);

        // When / Then
        assertThat(expectations.met(cached, T0)).isFalse();
        cache.remove("EndpointSlice secure/payment");
        assertThat(expectations.met(cached, T0)).isTrue();
    }

    @Test
    void aLostWatchEventDelaysButNeverStopsTheLoop() {
        // Given
        expectations.created("Service", PAYMENT, T0);

        // When / Then
        assertThat(expectations.met(cached, T0.plus(WriteExpectations.PATIENCE))).isFalse();
        assertThat(expectations.met(cached, T0.plus(WriteExpectations.PATIENCE).plusSeconds(1))).isTrue();
    }
}
