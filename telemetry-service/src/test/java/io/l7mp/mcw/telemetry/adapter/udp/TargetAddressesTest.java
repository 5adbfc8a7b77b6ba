package io.l7mp.mcw.telemetry.adapter.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The safety rule on probe targets: literals checked as they are, names resolved (here: from the hosts file, no
 * network) and every address checked.
 */
class TargetAddressesTest {
    private static Vertx vertx;
    private static Context context;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIpLiteralInsideTheRangesIsAllowed() throws Exception {
        // Given
        TargetAddresses addresses = new TargetAddresses(AllowedNetworks.parse(List.of("127.0.0.0/8")), false);

        // When
        TargetAddresses.Verdict verdict = check(addresses, "127.0.0.1");

        // Then
        assertThat(verdict).isEqualTo(new TargetAddresses.Verdict.Allowed(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void anIpLiteralOutsideTheRangesIsRefusedForGood() throws Exception {
        // Given
        TargetAddresses addresses = new TargetAddresses(AllowedNetworks.parse(List.of("127.0.0.0/8")), false);

        // When
        TargetAddresses.Verdict verdict = check(addresses, "10.96.0.10");

        // Then
        assertThat(verdict).isEqualTo(new TargetAddresses.Verdict.Refused(
                "refusing to dial 10.96.0.10: not in mcw.network.allowed-cidrs [127.0.0.0/8]", false));
    }

    @Test
    void aNameWhoseAddressesAreAllInsideIsAllowed() throws Exception {
        // Given: both loopback families, whichever the hosts file lists for localhost
        TargetAddresses addresses = new TargetAddresses(AllowedNetworks.parse(List.of("127.0.0.0/8", "::1/128")),
                false);

        // When
        TargetAddresses.Verdict verdict = check(addresses, "localhost");

        // Then: the IPv4 address, which the IPv4 socket reaches
        assertThat(verdict).isInstanceOfSatisfying(TargetAddresses.Verdict.Allowed.class,
                allowed -> assertThat(allowed.address().getHostAddress()).startsWith("127."));
    }

    @Test
    void aNameWithAnAddressOutsideIsRefusedNamingTheAddresses() throws Exception {
        // Given
        TargetAddresses addresses = new TargetAddresses(AllowedNetworks.parse(List.of("10.0.0.0/8")), false);

        // When
        TargetAddresses.Verdict verdict = check(addresses, "localhost");

        // Then
        assertThat(verdict).isInstanceOfSatisfying(TargetAddresses.Verdict.Refused.class, refused -> {
            assertThat(refused.reason()).startsWith("refusing to dial localhost (127.")
                    .endsWith("): not in mcw.network.allowed-cidrs [10.0.0.0/8]");
            assertThat(refused.transientFailure()).isFalse();
        });
    }

    @Test
    void anIpv6TargetIsRefusedByAnIpv4Socket() throws Exception {
        // Given
        TargetAddresses addresses = new TargetAddresses(AllowedNetworks.LOOPBACK, false);

        // When
        TargetAddresses.Verdict verdict = check(addresses, "::1");

        // Then
        assertThat(verdict).isInstanceOfSatisfying(TargetAddresses.Verdict.Refused.class,
                refused -> assertThat(refused.reason()).contains("the probe socket is IPv4",
                        "mcw.network.wan-source-address"));
    }

    private static TargetAddresses.Verdict check(TargetAddresses addresses, String host) throws Exception {
        return addresses.check(host, 31111, context).toCompletionStage().toCompletableFuture().get(10,
                TimeUnit.SECONDS);
    }
}
