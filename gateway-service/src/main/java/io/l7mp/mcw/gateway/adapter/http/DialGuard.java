package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.api.net.IpLiteral;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * The one place the data plane turns an address it was given (by an EndpointSlice, an export event, a route) into a
 * socket address it may dial: names are resolved without blocking, and every address is checked against
 * {@code mcw.network.allowed-cidrs} (DESIGN D4). Every connection the gateway opens goes through here; a refused
 * address fails the attempt with a {@link DialRefusedException} that names it, and is logged (once a minute per
 * address) and counted. Nobody can use an export or an EndpointSlice to make the gateway reach an address it should
 * not, and a sandbox or test gateway never sends a packet off the machine.
 */
final class DialGuard {
    private static final Logger LOGGER = Logger.getLogger(DialGuard.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** An address outside the allowed ranges: never dialled. */
    static final class DialRefusedException extends java.io.IOException {
        DialRefusedException(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected refusal, not a bug: no stack trace
        }
    }

    private final AllowedNetworks allowed;
    private final AddressResolverGroup<InetSocketAddress> resolvers;
    private final TrafficMetrics metrics;
    /** IP literals already judged, by {@code host:port}: most targets are, and they are looked up per request. */
    private final Map<String, InetSocketAddress> literals = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    DialGuard(AllowedNetworks allowed, AddressResolverGroup<InetSocketAddress> resolvers, TrafficMetrics metrics) {
        this.allowed = allowed;
        this.resolvers = resolvers;
        this.metrics = metrics;
    }

    /**
     * The address to dial for {@code host:port}, completed on {@code loop}: an allowed IP, or a failure with a
     * {@link DialRefusedException} (outside the ranges) or the resolver's error.
     *
     * @param span the span of the request that dials: a refusal is logged with its ids ({@link HopSpan#NONE} for a
     *        connection that serves no request in particular)
     */
    Future<InetSocketAddress> resolve(EventExecutor loop, String host, int port, HopSpan span) {
        String key = host + ":" + port;
        InetSocketAddress known = literals.get(key);
        if (known != null) {
            return loop.newSucceededFuture(known);
        }
        Promise<InetSocketAddress> result = loop.newPromise();
        if (IpLiteral.parse(host).isPresent()) {
            check(new InetSocketAddress(IpLiteral.parse(host).get(), port), key, result, span);
            if (result.isSuccess() && literals.size() < 10_000) {
                literals.put(key, result.getNow());
            }
            return result;
        }
        resolvers.getResolver(loop).resolve(InetSocketAddress.createUnresolved(host, port)).addListener(done -> {
            if (done.isSuccess()) {
                check((InetSocketAddress) done.getNow(), key, result, span);
            } else {
                result.tryFailure(done.cause());
            }
        });
        return result;
    }

    private void check(InetSocketAddress address, String asGiven, Promise<InetSocketAddress> result, HopSpan span) {
        if (allowed.allows(address.getAddress())) {
            result.trySuccess(address);
            return;
        }
        String dialled = address.getAddress().getHostAddress() + ":" + address.getPort();
        String message = allowed.refusal(dialled.equals(asGiven) ? dialled : asGiven + " (" + dialled + ")");
        metrics.dialRefused();
        long now = System.nanoTime();
        Long last = lastLogged.get(asGiven);
        if (last == null || now - last > LOG_EVERY_NANOS) {
            lastLogged.put(asGiven, now);
            span.log(LOGGER, Logger.Level.WARN, "%s; the request gets 502 (logged once a minute per address)", message);
        }
        result.tryFailure(new DialRefusedException(message));
    }
}
