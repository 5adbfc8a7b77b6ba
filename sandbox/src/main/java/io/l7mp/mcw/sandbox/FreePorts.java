package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for the sandbox's processes, taken from below the kernel's ephemeral range
 * ({@code net.ipv4.ip_local_port_range}). A port the kernel hands out for {@code bind(0)} is an ephemeral one, and
 * between the moment it is chosen and the moment the service binds it, any of the sandbox's many outgoing connections
 * (Kafka and API clients) may get it as its local port: the service then fails to start with "port in use". Below the
 * range, only listeners compete. One instance per sandbox never gives the same port twice, whoever asks (the services,
 * Prometheus, Zipkin).
 */
final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /**
     * Below it are the well-known and commonly configured ports, and the import-service's default egress port range
     * (20000-20999, which a fleet benchmark widens by a few thousand); from the ephemeral range's start on, clients'.
     */
    private static final int LOWEST = 24000;
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int MINIMUM_CHOICE = 100;

    private final Set<Integer> allocated = new HashSet<>();
    private final int lowest;
    private final int highest;

    FreePorts() {
        this(LOWEST, ephemeralStart() - 1);
    }

    FreePorts(int lowest, int highest) {
        if (highest - lowest < MINIMUM_CHOICE) {
            throw new SandboxException("Too few ports below the ephemeral range to choose from: " + lowest + "-"
                    + highest + " (net.ipv4.ip_local_port_range starts too low)");
        }
        this.lowest = lowest;
        this.highest = highest;
    }

    /** A port nobody listens on now, outside the ephemeral range, that this instance has not handed out before. */
    synchronized int next() {
        int span = highest - lowest + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = lowest + (start + i) % span;
            if (!allocated.contains(port) && free(port)) {
                allocated.add(port);
                return port;
            }
        }
        throw new SandboxException("Cannot find a free TCP port on the loopback interface in " + lowest + "-" + highest);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; 32768 (Linux' default) when it cannot be read. */
    static int ephemeralStart() {
        try {
            // by lines: Files.readString trusts the size /proc reports for the file, and reads garbage here
            String[] range = String.join(" ", Files.readAllLines(EPHEMERAL_RANGE)).trim().split("\\s+");
            int start = Integer.parseInt(range[0]);
            return start > LOWEST + MINIMUM_CHOICE ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
