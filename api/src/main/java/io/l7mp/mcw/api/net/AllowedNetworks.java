package io.l7mp.mcw.api.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The address ranges a service may dial (DESIGN D4): every address it takes from an API object or an event (an
 * EndpointSlice endpoint, a Service's cluster IP, a peer's ingress address) is checked against them before a socket
 * is opened, so that nobody can make a gateway or a prober reach an address it should not, and so that a sandbox or a
 * test never sends a packet off the machine. In Kubernetes: the pod, service and WAN ranges; in the sandbox and the
 * tests: {@code 127.0.0.0/8}.
 */
public final class AllowedNetworks {
    /** Loopback only: what the sandbox and the tests run with, and the default. */
    public static final AllowedNetworks LOOPBACK = parse(List.of("127.0.0.0/8", "::1/128"));

    private final List<Cidr> ranges;

    private AllowedNetworks(List<Cidr> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("mcw.network.allowed-cidrs is empty, expected at least one CIDR "
                    + "such as 127.0.0.0/8");
        }
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not a CIDR
     */
    public static AllowedNetworks parse(List<String> cidrs) {
        return new AllowedNetworks(cidrs.stream().map(String::trim).filter(c -> !c.isEmpty()).map(Cidr::parse)
                .toList());
    }

    public boolean allows(InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code host} is an IP literal inside the ranges. A DNS name is not an address: empty, to be resolved and
     * checked by the caller.
     */
    public Optional<Boolean> allowsLiteral(String host) {
        return IpLiteral.parse(host).map(this::allows);
    }

    /** Why {@code address} is refused, for a 502 body and a log line. */
    public String refusal(String address) {
        return "refusing to dial " + address + ": not in mcw.network.allowed-cidrs " + this;
    }

    @Override
    public String toString() {
        return ranges.stream().map(Cidr::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
