package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The authority parser every routed request goes through, and the DNS label check under it. */
class AuthorityTest {

    @ParameterizedTest(name = "{0} -> {1}/{2} {3} port {4}")
    @CsvSource(nullValues = "-", value = {
            "payment.secure.svc.clusterset.local, secure, payment, CLUSTERSET, -",
            "payment.secure.svc.clusterset.local:8080, secure, payment, CLUSTERSET, 8080",
            "payment.secure.svc.cluster.local:1, secure, payment, CLUSTER, 1",
            "Payment.SECURE.svc.ClusterSet.Local:65535, secure, payment, CLUSTERSET, 65535",
            "'  payment.secure.svc.clusterset.local:80  ', secure, payment, CLUSTERSET, 80",
            "payment.secure.svc.clusterset.local., secure, payment, CLUSTERSET, -",
            "payment.secure.svc.clusterset.local.:80, secure, payment, CLUSTERSET, 80",
            "a-1.b-2.svc.clusterset.local, b-2, a-1, CLUSTERSET, -",
            "0.9.svc.cluster.local, 9, 0, CLUSTER, -",
    })
    void parsesServiceNamesOfBothDomains(String text, String namespace, String name, ServiceDomain domain,
            Integer port) {
        assertThat(Authority.parse(text)).contains(new Authority(new ServiceKey(namespace, name), domain, port));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = { "", "   ", "payment", "payment.secure", "secure.svc.clusterset.local",
            "a.payment.secure.svc.clusterset.local", ".secure.svc.clusterset.local", "payment..svc.clusterset.local",
            "-payment.secure.svc.clusterset.local", "payment-.secure.svc.clusterset.local",
            "pay_ment.secure.svc.clusterset.local", "payment.secure.svc.clusterset.local:",
            "payment.secure.svc.clusterset.local:0", "payment.secure.svc.clusterset.local:65536",
            "payment.secure.svc.clusterset.local:123456", "payment.secure.svc.clusterset.local:8o",
            "payment.secure.svc.clusterset.local:-1", "payment.secure.svcxclusterset.local",
            "payment.secure.svc.clusterset.localhost", "payment.secure.svc.clusterset.local..",
            "payment.secure.example.com:80", "[::1]:8080", "10.0.0.1:8080", "payment.secure.svc.local" })
    void refusesAnythingElse(String text) {
        assertThat(Authority.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({ "a, true", "payment, true", "a-b-c, true", "0, true", "9a, true", "-a, false", "a-, false",
            "A, false", "a.b, false", "a_b, false", "'', false",
            // 63 characters is the longest label, 64 is too long
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123, true",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234, false" })
    void labelsAreRfc1123(String text, boolean label) {
        assertThat(ServiceKey.isLabel(text)).isEqualTo(label);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = { "payment.secure.svc.clusterset.local", "payment.secure.svc.clusterset.local.",
            "PAYMENT.secure.svc.cluster.local" })
    void hostWithoutPortParsesAlike(String host) {
        assertThat(Authority.parseHost(host)).hasValueSatisfying(a -> {
            assertThat(a.service()).isEqualTo(new ServiceKey("secure", "payment"));
            assertThat(a.port()).isNull();
        });
        assertThat(Authority.parseHost(host + ":80")).isEmpty();
    }
}
