package io.l7mp.mcw.telemetry.adapter.udp;

import java.net.InetAddress;

import io.l7mp.mcw.api.net.IpLiteral;

/** Where a tunnel's probes go and its echoes come from: an IP address (canonical text) and a UDP port. */
record Peer(String host, int port) {
    static Peer of(InetAddress address, int port) {
        return new Peer(address.getHostAddress(), port);
    }

    /** The peer a datagram came from; IPv6 text is made canonical, IPv4 text already is. */
    static Peer ofSender(String host, int port) {
        if (host.indexOf(':') < 0) {
            return new Peer(host, port);
        }
        return IpLiteral.parse(host).map(address -> of(address, port)).orElse(new Peer(host, port));
    }

    @Override
    public String toString() {
        return host.indexOf(':') < 0 ? host + ":" + port : "[" + host + "]:" + port;
    }
}
