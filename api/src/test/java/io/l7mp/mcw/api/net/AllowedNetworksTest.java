package io.l7mp.mcw.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dial guard's ranges: what they let through, and the messages for bad ranges. */
class AllowedNetworksTest {
    private static final AllowedNetworks SANDBOX = AllowedNetworks.LOOPBACK;
    private static final AllowedNetworks CLUSTER = AllowedNetworks.parse(List.of("10.244.0.0/16", "10.96.0.0/12",
            "fd00::/8"));

    @ParameterizedTest(name = "{0}: sandbox {1}, cluster {2}")
    @CsvSource({
            "127.0.0.1, true, false",
            "127.0.1.2, true, false",
            "127.255.255.255, true, false",
            "10.96.0.10, false, true",
            "10.111.255.1, false, true",
            "10.112.0.1, false, false",
            "10.244.3.7, false, true",
            "192.168.1.1, false, false",
            "::1, true, false",
            "fd00::1, false, true",
            "[fd12::3], false, true",
            "2001:db8::1, false, false" })
    void allowsExactlyTheAddressesInItsRanges(String host, boolean sandbox, boolean cluster) {
        assertThat(SANDBOX.allowsLiteral(host)).contains(sandbox);
        assertThat(CLUSTER.allowsLiteral(host)).contains(cluster);
    }

    @Test
    void aNameIsNotJudgedWithoutResolvingIt() {
        assertThat(SANDBOX.allowsLiteral("payment.example.com")).isEmpty();
        assertThat(SANDBOX.allowsLiteral("localhost")).isEmpty();
        assertThat(SANDBOX.allowsLiteral("1.2.3")).isEmpty();
        assertThat(SANDBOX.allowsLiteral("")).isEmpty();
    }

    @Test
    void theRefusalNamesTheAddressAndTheRanges() {
        assertThat(SANDBOX.refusal("10.96.0.10:8080"))
                .isEqualTo("refusing to dial 10.96.0.10:8080: not in mcw.network.allowed-cidrs [127.0.0.0/8, ::1/128]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33|prefix length 33, expected 0-32",
            "10.0.0.0/x|the prefix length is not a number",
            "example.com/8|is not an IP address",
            "::/129|prefix length 129, expected 0-128" })
    void aBadRangeIsRefusedNamingItAndWhatIsExpected(String cidr, String message) {
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of(cidr))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + cidr + "' is not a CIDR").hasMessageContaining(message);
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> AllowedNetworks.parse(List.of(" "))).hasMessageContaining("is empty");
    }
}
