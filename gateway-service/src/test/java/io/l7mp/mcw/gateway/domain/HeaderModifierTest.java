package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // set | add | remove | the request's fields (name=value, in order)
            "x-route=canary | x-trace=b | cookie | cookie=s, x-route=old, x-trace=a, accept=any",
            "x-a=1 | x-a=2 | '' | x-a=0, x-a=00",
            "'' | x-a=3 | '' | x-a=1, x-b=1, x-a=2",
            "'' | '' | x-a | x-a=1, x-a=2, x-b=3",
            "x-mcw-source-cluster=cluster-2 | '' | '' | x-mcw-source-cluster=forged, accept=any" })
    void writingTheFieldsItDoesNotReplaceThenSetThenAddGivesWhatApplyGives(String set, String add, String remove,
            String fields) {
        // Given
        HeaderModifier modifier = new HeaderModifier(pairs(set), pairs(add),
                remove.isBlank() ? List.of() : List.of(remove.split(",\\s*")));
        List<String[]> request = Arrays.stream(fields.split(",\\s*")).map(f -> f.split("=", 2)).toList();
        Map<String, List<String>> asMap = new LinkedHashMap<>();
        request.forEach(f -> asMap.computeIfAbsent(f[0], n -> new ArrayList<>()).add(f[1]));

        // When: fields written one after the other, as a data plane that streams them does
        List<String[]> written = new ArrayList<>();
        request.stream().filter(f -> !modifier.replaces(f[0])).forEach(written::add);
        modifier.set().forEach((name, value) -> written.add(new String[] { name, value }));
        modifier.add().forEach((name, value) -> written.add(new String[] { name, value }));

        // Then: the same values per name, in the same order
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        written.forEach(f -> grouped.computeIfAbsent(f[0], n -> new ArrayList<>()).add(f[1]));
        assertThat(grouped).isEqualTo(modifier.apply(asMap));
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!text.isBlank()) {
            for (String pair : text.split(",\\s*")) {
                String[] nameValue = pair.split("=", 2);
                result.put(nameValue[0], nameValue[1]);
            }
        }
        return result;
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(new HeaderModifier(Map.of("X-A", "1"), null, List.of("X-B", "x-b")))
                .isEqualTo(new HeaderModifier(Map.of("x-a", "1"), Map.of(), List.of("x-b")));
    }
}
