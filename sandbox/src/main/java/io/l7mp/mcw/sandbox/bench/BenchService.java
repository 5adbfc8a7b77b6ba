package io.l7mp.mcw.sandbox.bench;

import java.util.Objects;

/**
 * A service the gateway benchmark exports from the serving cluster: its name and its one port (the port's name decides
 * how the gateways carry it: {@code tcp-*} as opaque TCP, anything else as HTTP), and the local backend behind it.
 */
record BenchService(String name, String portName, int port, int backendPort) {

    static final String NAMESPACE = "bench";

    BenchService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portName, "portName");
    }

    /** The clusterset authority a client in another cluster names it by. */
    String authority() {
        return name + "." + NAMESPACE + ".svc.clusterset.local:" + port;
    }
}
