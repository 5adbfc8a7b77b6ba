package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HaproxyPairTest {

    private static final HaproxyPair.Layout LAYOUT = new HaproxyPair.Layout("127.0.0.2", 41000, "127.0.0.1", 41001,
            "127.0.0.1", 8080, "cluster-2");

    @Test
    void egressAddsTheSourceClusterAndForwardsToTheIngressOverReusedConnections() {
        String config = HaproxyPair.egressConfig(LAYOUT);

        assertThat(config).contains("mode http", "option http-keep-alive", "bind 127.0.0.2:41000",
                "http-request set-header x-mcw-source-cluster cluster-2", "http-reuse always",
                "server ingress 127.0.0.1:41001");
        assertThat(config).doesNotContain("log ");
    }

    @Test
    void ingressForwardsToTheBackend() {
        String config = HaproxyPair.ingressConfig(LAYOUT);

        assertThat(config).contains("mode http", "bind 127.0.0.1:41001", "server backend 127.0.0.1:8080");
        assertThat(config).doesNotContain("x-mcw-source-cluster");
    }
}
