package io.l7mp.mcw.sandbox.bench;

import java.util.Objects;

/**
 * Where a benchmark's load goes: the target's name in the report (direct, mcw, haproxy), the address to connect to,
 * and the authority an HTTP/2 or gRPC request names (a TCP connection names none).
 */
record Endpoint(String name, String host, int port, String authority) {
    Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authority, "authority");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of " + name + " is " + port + ", expected 1-65535");
        }
    }
}
