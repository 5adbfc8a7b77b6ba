package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.l7mp.mcw.sandbox.InstalledTool;

class HaproxyPairTest {

    private static final HaproxyPair.Layout LAYOUT = new HaproxyPair.Layout("127.0.0.2", 41000, "127.0.0.1", 41001,
            "127.0.0.1", 8080, "cluster-2");
    /** The same pair across the sandbox's WAN emulator, which relays 127.0.1.1:41001 to 127.0.0.1:41001. */
    private static final HaproxyPair.Layout ACROSS_THE_EMULATOR = new HaproxyPair.Layout("127.0.0.2", 41000,
            "127.0.0.1", 41001, "127.0.0.1", 8080, "cluster-2", "127.0.1.1");

    @Test
    void egressAddsTheSourceClusterAndForwardsToTheIngressOverReusedConnections() {
        String config = HaproxyPair.egressConfig(LAYOUT);

        assertThat(config).contains("mode http", "option http-keep-alive", "bind 127.0.0.2:41000",
                "http-request set-header x-mcw-source-cluster cluster-2", "http-reuse always",
                "server ingress 127.0.0.1:41001");
        assertThat(config).doesNotContain("log ", "proto h2");
        assertThat(HaproxyPair.egressConfig(LAYOUT, HaproxyPair.Mode.HTTP1)).isEqualTo(config);
    }

    @Test
    void ingressForwardsToTheBackend() {
        String config = HaproxyPair.ingressConfig(LAYOUT);

        assertThat(config).contains("mode http", "bind 127.0.0.1:41001", "server backend 127.0.0.1:8080");
        assertThat(config).doesNotContain("x-mcw-source-cluster");
        assertThat(HaproxyPair.ingressConfig(LAYOUT, HaproxyPair.Mode.HTTP1)).isEqualTo(config);
    }

    @Test
    void anH2PairSpeaksHttp2OnEveryHopAndAddsTheSourceClusterAsTheHttp1PairDoes() {
        String egress = HaproxyPair.egressConfig(LAYOUT, HaproxyPair.Mode.H2);
        String ingress = HaproxyPair.ingressConfig(LAYOUT, HaproxyPair.Mode.H2);

        assertThat(egress).contains("mode http", "bind 127.0.0.2:41000 proto h2",
                "http-request set-header x-mcw-source-cluster cluster-2", "http-reuse always",
                "server ingress 127.0.0.1:41001 proto h2");
        assertThat(ingress).contains("mode http", "bind 127.0.0.1:41001 proto h2", "http-reuse always",
                "server backend 127.0.0.1:8080 proto h2");
        assertThat(ingress).doesNotContain("x-mcw-source-cluster");
    }

    @Test
    void aTcpPairRelaysBytesWithoutParsingAnything() {
        String egress = HaproxyPair.egressConfig(LAYOUT, HaproxyPair.Mode.TCP);
        String ingress = HaproxyPair.ingressConfig(LAYOUT, HaproxyPair.Mode.TCP);

        assertThat(egress).contains("mode tcp", "bind 127.0.0.2:41000", "server ingress 127.0.0.1:41001");
        assertThat(ingress).contains("mode tcp", "bind 127.0.0.1:41001", "server backend 127.0.0.1:8080");
        assertThat(egress + ingress).doesNotContain("mode http", "http-", "x-mcw-source-cluster", "proto h2");
    }

    @ParameterizedTest
    @EnumSource(HaproxyPair.Mode.class)
    void acrossTheEmulatorTheEgressDialsTheWanAddressFromItsOwnAddressAsAGatewayDoes(HaproxyPair.Mode mode,
            @TempDir Path dir) throws Exception {
        // Given
        Path haproxy = InstalledTool.find("haproxy", Path.of("/usr/sbin/haproxy"), "bin/install-haproxy",
                "it installs Debian's haproxy package").binary();

        // When
        String egress = HaproxyPair.egressConfig(ACROSS_THE_EMULATOR, mode);

        // Then: the emulator takes the pair's traffic on cluster-1's WAN address and names its path by the source
        assertThat(egress).contains("server ingress 127.0.1.1:41001 source 127.0.0.2");
        assertThat(HaproxyPair.ingressConfig(ACROSS_THE_EMULATOR, mode)).contains("bind 127.0.0.1:41001");
        Path config = Files.writeString(dir.resolve("egress.cfg"), egress);
        Path log = dir.resolve("egress.log");
        assertThatCode(() -> HaproxyPair.check(haproxy, config, log)).doesNotThrowAnyException();
        assertThat(Files.readString(log)).doesNotContain("[WARNING]", "[ALERT]");
    }

    @ParameterizedTest
    @EnumSource(HaproxyPair.Mode.class)
    void haproxyAcceptsBothConfigurationsOfEveryMode(HaproxyPair.Mode mode, @TempDir Path dir) throws Exception {
        // Given: Debian's haproxy, installed by bin/install-haproxy when missing
        Path haproxy = InstalledTool.find("haproxy", Path.of("/usr/sbin/haproxy"), "bin/install-haproxy",
                "it installs Debian's haproxy package").binary();
        Path egress = Files.writeString(dir.resolve("egress.cfg"), HaproxyPair.egressConfig(LAYOUT, mode));
        Path ingress = Files.writeString(dir.resolve("ingress.cfg"), HaproxyPair.ingressConfig(LAYOUT, mode));

        // When / Then: haproxy -c exits 0 for both, and warns about nothing
        for (Path config : new Path[] { egress, ingress }) {
            Path log = dir.resolve(config.getFileName() + ".log");
            assertThatCode(() -> HaproxyPair.check(haproxy, config, log)).doesNotThrowAnyException();
            assertThat(Files.readString(log)).doesNotContain("[WARNING]", "[ALERT]");
        }
    }
}
