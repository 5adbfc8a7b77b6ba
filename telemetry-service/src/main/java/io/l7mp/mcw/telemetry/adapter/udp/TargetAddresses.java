package io.l7mp.mcw.telemetry.adapter.udp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.api.net.IpLiteral;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * The safety rule for probe targets (DESIGN D4): a target's address comes from an event, so before any datagram is
 * sent it must be inside {@code mcw.network.allowed-cidrs}. An IP literal is checked as it is; a name is resolved with
 * the resolver Vert.x uses for its own sockets (non-blocking; hosts file, search domains and DNS as configured for
 * Vert.x) and every address it resolves to must be inside, or none is probed.
 */
final class TargetAddresses {
    /** What {@link #check} decided. */
    sealed interface Verdict {
        /** Probe {@code address}. */
        record Allowed(InetAddress address) implements Verdict {
        }

        /**
         * Do not probe. {@code transientFailure}: the name could not be resolved now, and may be later.
         */
        record Refused(String reason, boolean transientFailure) implements Verdict {
        }
    }

    private final AllowedNetworks allowed;
    private final boolean ipv6Socket;

    /**
     * @param ipv6Socket whether the probe socket is IPv6 (it can then reach IPv4 addresses too); an IPv4 socket
     *        reaches only IPv4 addresses
     */
    TargetAddresses(AllowedNetworks allowed, boolean ipv6Socket) {
        this.allowed = allowed;
        this.ipv6Socket = ipv6Socket;
    }

    /** Decides on {@code host}; the future completes on {@code context} and never fails. */
    Future<Verdict> check(String host, int port, Context context) {
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            return Future.succeededFuture(judge(host, List.of(literal.get()), false));
        }
        Promise<Verdict> verdict = ((ContextInternal) context).promise();
        VertxInternal vertx = (VertxInternal) context.owner();
        vertx.nettyAddressResolverGroup().getResolver(((ContextInternal) context).nettyEventLoop())
                .resolveAll(InetSocketAddress.createUnresolved(host, port)).addListener(done -> {
                    if (done.isSuccess()) {
                        @SuppressWarnings("unchecked")
                        List<InetSocketAddress> resolved = (List<InetSocketAddress>) done.getNow();
                        verdict.complete(judge(host, resolved.stream().map(InetSocketAddress::getAddress).toList(),
                                true));
                    } else {
                        verdict.complete(new Verdict.Refused("cannot resolve " + host + ": "
                                + done.cause().getMessage(), true));
                    }
                });
        return verdict.future();
    }

    private Verdict judge(String host, List<InetAddress> addresses, boolean resolved) {
        if (addresses.isEmpty()) {
            return new Verdict.Refused("cannot resolve " + host + ": no address", true);
        }
        List<InetAddress> outside = addresses.stream().filter(address -> !allowed.allows(address)).toList();
        if (!outside.isEmpty()) {
            String named = resolved ? host + " (" + text(outside) + ")" : host;
            return new Verdict.Refused(allowed.refusal(named), false);
        }
        Optional<InetAddress> reachable = addresses.stream()
                .filter(address -> ipv6Socket || address instanceof Inet4Address).findFirst();
        if (reachable.isEmpty()) {
            return new Verdict.Refused("refusing to probe " + host + " (" + text(addresses) + "): the probe socket is"
                    + " IPv4; set mcw.network.wan-source-address to an IPv6 address to probe over IPv6", false);
        }
        return new Verdict.Allowed(reachable.get());
    }

    private static String text(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    }
}
