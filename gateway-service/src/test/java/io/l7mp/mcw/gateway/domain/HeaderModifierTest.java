package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HeaderModifierTest {

    @Test
    void appliesRemoveThenSetThenAdd() {
        // Given
        HeaderModifier modifier = new HeaderModifier(Map.of("X-Route", "canary"), Map.of("x-trace", "b"),
                List.of("Cookie"));
        Map<String, List<String>> headers = Map.of("cookie", List.of("s=1"), "x-route", List.of("old"), "x-trace",
                List.of("a"), "Accept", List.of("*/*"));

        // When
        Map<String, List<String>> result = modifier.apply(headers);

        // Then
        assertThat(result).isEqualTo(Map.of("x-route", List.of("canary"), "x-trace", List.of("a", "b"), "accept",
                List.of("*/*")));
    }

    @Test
    void laterModifierWinsOverEarlierOne() {
        // Given
        HeaderModifier rule = new HeaderModifier(Map.of("a", "rule", "b", "rule"), Map.of("c", "rule"),
                List.of("d"));
        HeaderModifier destination = new HeaderModifier(Map.of("a", "destination", "d", "destination"), Map.of(),
                List.of("b"));

        // When
        HeaderModifier combined = rule.then(destination);

        // Then
        assertThat(combined).isEqualTo(new HeaderModifier(Map.of("a", "destination", "d", "destination"),
                Map.of("c", "rule"), List.of("b")));
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(new HeaderModifier(Map.of("X-A", "1"), null, List.of("X-B", "x-b")))
                .isEqualTo(new HeaderModifier(Map.of("x-a", "1"), Map.of(), List.of("x-b")));
    }
}
