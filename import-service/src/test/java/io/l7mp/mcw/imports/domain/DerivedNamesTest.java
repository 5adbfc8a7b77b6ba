package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DerivedNamesTest {

    @Test
    void prefixesShortNames() {
        assertThat(DerivedNames.service("payment")).isEqualTo("mcw-payment");
    }

    @Test
    void keepsNamesThatJustFit() {
        String name = "a".repeat(59);
        assertThat(DerivedNames.service(name)).isEqualTo("mcw-" + name).hasSize(63);
    }

    @Test
    void cutsLongNamesAndAppendsAHashSoThatPrefixesStayDistinct() {
        // Given
        String common = "payment-gateway-for-the-european-region-with-a-very-long-name-";

        // When
        String first = DerivedNames.service(common + "a");
        String second = DerivedNames.service(common + "b");

        // Then
        assertThat(first).hasSizeLessThanOrEqualTo(63).startsWith("mcw-payment-gateway").matches("[a-z0-9-]+");
        assertThat(second).hasSizeLessThanOrEqualTo(63);
        assertThat(first).isNotEqualTo(second);
        assertThat(DerivedNames.service(common + "a")).isEqualTo(first);
    }
}
