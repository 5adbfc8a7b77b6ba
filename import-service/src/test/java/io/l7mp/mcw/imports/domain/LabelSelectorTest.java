package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {
    private static final Map<String, String> GATEWAY = Map.of("app.kubernetes.io/name", "mcw-gateway-service",
            "tier", "edge");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            app.kubernetes.io/name=mcw-gateway-service | app.kubernetes.io/name=mcw-gateway-service | true
            app.kubernetes.io/name == mcw-gateway-service | app.kubernetes.io/name=mcw-gateway-service | true
            app.kubernetes.io/name=mcw-import-service | app.kubernetes.io/name=mcw-import-service | false
            tier!=core | tier!=core | true
            tier!=edge | tier!=edge | false
            absent!=x | absent!=x | true
            tier in (edge, core) | tier in (edge,core) | true
            tier notin (edge) | tier notin (edge) | false
            tier | tier | true
            !tier | !tier | false
            ' tier in (edge) , !canary ' | tier in (edge),!canary | true
            app.kubernetes.io/name=mcw-gateway-service,!canary | app.kubernetes.io/name=mcw-gateway-service,!canary | true
            """)
    void parsesAndMatches(String text, String canonical, boolean matchesGateway) {
        // When
        LabelSelector selector = LabelSelector.parse(text);

        // Then
        assertThat(selector).hasToString(canonical);
        assertThat(LabelSelector.parse(selector.toString())).isEqualTo(selector);
        assertThat(selector.matches(GATEWAY)).isEqualTo(matchesGateway);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            app=mcw gateway                 | value 'mcw gateway' is not a label value
            'app=gateway,'                  | requirement '': it is empty
            app=-gateway                    | value '-gateway' is not a label value
            Example.COM/app=gateway         | key prefix 'Example.COM' is not a DNS subdomain
            app/=gateway                    | key 'app/' is not a label key
            tier in ()                      | its set of values is empty
            tier in (edge                   | a '(' is not closed
            replicas>1                      | it is not one of key=value
            app=a=b                         | value 'a=b' is not a label value
            """)
    void refusesWhatIsNotASelectorAndSaysWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> LabelSelector.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label selector '" + text + "' is invalid")
                .hasMessageContaining(why)
                .hasMessageContaining("expected comma-separated requirements such as "
                        + "app.kubernetes.io/name=mcw-gateway-service");
    }

    @Test
    void emptySelectorIsRefused() {
        assertThatThrownBy(() -> LabelSelector.parse(" ")).hasMessageContaining("label selector is empty");
    }

    @Test
    void missingLabelsMatchOnlyNegativeRequirements() {
        assertThat(LabelSelector.parse("!canary,tier notin (core)").matches(null)).isTrue();
        assertThat(LabelSelector.parse("tier").matches(null)).isFalse();
    }
}
