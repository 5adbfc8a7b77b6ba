package io.l7mp.mcw.mcwanctl.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableTest {

    @Test
    void columnsArePaddedAndMissingCellsSayNone() {
        String table = new Table("NAME", "PORT", "REASON").row("sd-wan-priority-high", 31111, null)
                .row("low", 1, "").render("  ");

        assertThat(table).isEqualTo("""
                  NAME                   PORT    REASON
                  sd-wan-priority-high   31111   <none>
                  low                    1       <none>
                """);
    }

    @Test
    void aRowOfTheWrongWidthIsAProgrammingError() {
        assertThatThrownBy(() -> new Table("A", "B").row("x")).hasMessageContaining("row has 1 cells, expected 2");
    }

    @ParameterizedTest
    @CsvSource({ "12.5, 12.5", "0.0, 0", "120.0, 120", "1.256, 1.26", "0.001, 0" })
    void numbers(double value, String text) {
        assertThat(Table.number(value)).isEqualTo(text);
    }
}
