package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks TCP ports that are free on the loopback interface at the time of the call.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** A port nobody listens on right now; another process may still take it before the caller binds it. */
    static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port on the loopback interface", e);
        }
    }
}
