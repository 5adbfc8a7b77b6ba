package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.sandbox.DashboardQueries.PanelQuery;

class DashboardQueriesTest {
    private static final Map<String, String> VALUES = Map.of("cluster", "cluster-2", "service", "secure/payment");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sum(rate(x{cluster=~\"$cluster\"}[$__rate_interval]))  | sum(rate(x{cluster=~\"cluster-2\"}[1m]))",
            "x{cluster=~\"${cluster}\", service=~\"${service:regex}\"} | x{cluster=~\"cluster-2\", service=~\"secure/payment\"}",
            "increase(x[${__interval}]) + y[$__range]               | increase(x[1m]) + y[1m]",
            "up                                                     | up" })
    void variablesAreReplacedAsGrafanaDoes(String query, String expanded) {
        assertThat(DashboardQueries.expand(query, VALUES)).isEqualTo(expanded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "x{cluster=~\"$cluster\", direction=\"$direction\"}[$__rate_interval] | cluster,direction",
            "x{destination_cluster=~\"${destination}\"}                           | destination" })
    void aQueryKnowsTheDashboardVariablesItUses(String query, String variables) {
        assertThat(new PanelQuery("d", "p", "A", query).variables()).containsExactly(variables.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "x{direction=\"$direction\"} | direction" })
    void aVariableWithoutAValueIsNamed(String query, String variable) {
        assertThatThrownBy(() -> DashboardQueries.expand(query, VALUES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No value for variable $" + variable + " of query " + query);
    }

    @Test
    void everyDashboardHasPanelQueriesNamedByDashboardAndPanel() throws Exception {
        assertThat(DashboardQueries.all()).isNotEmpty().allSatisfy(q -> {
            assertThat(q.dashboard()).startsWith("MCW / ");
            assertThat(q.panel()).isNotBlank();
            assertThat(q.where()).isEqualTo(q.dashboard() + ", panel \"" + q.panel() + "\", query " + q.refId());
        });
        assertThat(DashboardQueries.all().stream().map(PanelQuery::dashboard).distinct()).hasSizeGreaterThanOrEqualTo(
                3);
    }
}
