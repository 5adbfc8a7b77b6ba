package io.l7mp.mcw.mcwanctl.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.l7mp.mcw.api.net.HostPort;

/** {@code --ingress-gw}, {@code --gateway-admin}, {@code --port} and the static import built from them. */
class AddressAndPortTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.10, 192.0.2.10, -1",
            "192.0.2.10:31111, 192.0.2.10, 31111",
            "gw.cluster-1.example.com, gw.cluster-1.example.com, -1",
            "gw.example.com:8080, gw.example.com, 8080",
            "[2001:db8::1], 2001:db8::1, -1",
            "[2001:db8::1]:31111, 2001:db8::1, 31111",
            "2001:db8::1, 2001:db8::1, -1" })
    void addresses(String text, String host, int port) {
        HostPort address = HostPort.parse(text);

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
        assertThat(address.toString()).isEqualTo(text.contains("::") && !text.startsWith("[") ? "[" + text + "]" : text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "no_such:host", "1.2.3.4:0", "1.2.3.4:70000", "1.2.3.4:http", "[2001:db8::1",
            "[nope]:1", "a..b" })
    void badAddresses(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an address").hasMessageContaining("expected HOST, HOST:PORT");
    }

    @Test
    void aGrpcAddressNeedsAPort() {
        assertThatThrownBy(() -> HostPort.parseWithPort("127.0.0.1")).hasMessageContaining("has no port");
    }

    @ParameterizedTest
    @CsvSource({
            "8080, , 8080, TCP",
            "http:8080, http, 8080, TCP",
            "dns:53/udp, dns, 53, UDP",
            "5000/SCTP, , 5000, SCTP" })
    void ports(String text, String name, int port, String protocol) {
        assertThat(ImportPort.parse(text)).isEqualTo(new ImportPort(name, port, protocol));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "http", "http:", "Http:80", "80/icmp", "http:99999", ":80" })
    void badPorts(String text) {
        assertThatThrownBy(() -> ImportPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a port");
    }

    @Test
    void staticImportAnnotationsAndPorts() {
        StaticImport plan = new StaticImport(new ServiceRef("payment", "secure"), HostPort.parse("192.0.2.10"),
                "sd-wan-priority-high", StaticImport.defaultClusterName(HostPort.parse("192.0.2.10")),
                List.of(ImportPort.parse("http:8080"), ImportPort.parse("53/UDP")));

        assertThat(plan.annotations()).containsExactly(
                java.util.Map.entry("mcw.l7mp.io/static-ingress", "192.0.2.10"),
                java.util.Map.entry("mcw.l7mp.io/mc-wan-policy", "sd-wan-priority-high"),
                java.util.Map.entry("mcw.l7mp.io/static-cluster", "static-192-0-2-10"));
        assertThat(plan.labels()).containsEntry("app.kubernetes.io/managed-by", "mcwanctl");
        assertThat(plan.specPorts()).containsExactly(
                java.util.Map.of("name", "http", "protocol", "TCP", "port", 8080),
                java.util.Map.of("protocol", "UDP", "port", 53));
        assertThat(StaticImport.defaultClusterName(HostPort.parse("[2001:DB8::1]:31111"))).isEqualTo("static-2001-db8-1");
    }
}
