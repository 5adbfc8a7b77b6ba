package io.l7mp.mcw.mcwanctl.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceRefTest {

    @ParameterizedTest
    @CsvSource({
            "payment/secure, , default, payment, secure",
            "payment, secure, default, payment, secure",
            "payment, , team-a, payment, team-a",
            "payment/secure, secure, default, payment, secure",
            "a1-b/x, , default, a1-b, x" })
    void nameSlashNamespaceOrMinusNOrTheContextsNamespace(String argument, String minusN, String contextNamespace,
            String name, String namespace) {
        assertThat(ServiceRef.parse(argument, Optional.ofNullable(minusN), contextNamespace))
                .isEqualTo(new ServiceRef(name, namespace));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "payment/secure/x | is not NAME/NAMESPACE",
            "/secure | is not NAME/NAMESPACE",
            "payment/ | is not NAME/NAMESPACE",
            "Payment/secure | Payment' is not a valid Service name",
            "1payment/secure | 1payment' is not a valid Service name",
            "payment/se_cure | se_cure' is not a valid namespace" })
    void badArgumentsSayWhatIsExpected(String argument, String message) {
        assertThatThrownBy(() -> ServiceRef.parse(argument, Optional.empty(), "default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void namespaceGivenTwiceDifferentlyIsRefused() {
        assertThatThrownBy(() -> ServiceRef.parse("payment/secure", Optional.of("other"), "default"))
                .hasMessageContaining("names namespace 'secure' but -n says 'other'");
    }

    @Test
    void printedBothWays() {
        ServiceRef ref = new ServiceRef("payment", "secure");
        assertThat(ref.qualified()).isEqualTo("secure/payment");
        assertThat(ref.argument()).isEqualTo("payment/secure");
    }
}
