package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface for the sandbox's processes. The kernel may hand out a just-closed
 * ephemeral port again before the process it was meant for binds it: one instance per sandbox never gives the same
 * port twice, whoever asks (the services, Prometheus, Zipkin).
 */
final class FreePorts {

    private final Set<Integer> allocated = new HashSet<>();

    /** A port nobody listens on now and this instance has not handed out before. */
    synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (allocated.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free TCP port on the loopback interface", e);
            }
        }
        throw new SandboxException("Cannot find a free TCP port that no sandbox process uses yet (tried 100 times)");
    }
}
