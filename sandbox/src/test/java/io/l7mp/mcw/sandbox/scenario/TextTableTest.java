package io.l7mp.mcw.sandbox.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsArePaddedToTheirWidestCellLikeKubectl() {
        // Given
        TextTable table = new TextTable("CLUSTER", "NAME", "PORTS")
                .row("cluster-1", "payment", "http:8080/TCP")
                .row("cluster-22", "db", "5432/TCP");

        // When
        String text = table.render();

        // Then
        assertThat(text).isEqualTo("""
                CLUSTER      NAME      PORTS
                cluster-1    payment   http:8080/TCP
                cluster-22   db        5432/TCP""");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row has 1 cells, table has 2 columns");
    }
}
