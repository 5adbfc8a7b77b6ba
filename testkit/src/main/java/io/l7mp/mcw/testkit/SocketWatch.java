package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Watches the sockets of one process for a peer address off this machine: a test's proof that nothing it drives sends
 * a packet anywhere but loopback. Polls {@code /proc/<pid>/net/{tcp,tcp6,udp,udp6}} every few milliseconds and keeps
 * every remote address of a socket the process owns ({@code /proc/<pid>/fd}) that is neither loopback nor unset. A
 * connection attempt to an address nobody answers sits in SYN_SENT for the connect timeout (seconds), so polling
 * sees it. Linux only.
 */
public final class SocketWatch implements AutoCloseable {
    private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");

    private final Path proc;
    private final Set<String> offenders = new ConcurrentSkipListSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long polls;

    private SocketWatch(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
        this.thread = new Thread(this::run, "socket-watch-" + pid);
        this.thread.setDaemon(true);
    }

    /** Starts watching the process {@code pid}. */
    public static SocketWatch start(long pid) {
        SocketWatch watch = new SocketWatch(pid);
        watch.poll();
        watch.thread.start();
        return watch;
    }

    /** Starts watching this process. */
    public static SocketWatch self() {
        return start(ProcessHandle.current().pid());
    }

    /** Every {@code address:port} off the machine the process had a socket to, so far. */
    public Set<String> offenders() {
        poll();
        return Set.copyOf(offenders);
    }

    /** How many times the tables were read: a test can check that the watch did look. */
    public long polls() {
        return polls;
    }

    private void run() {
        while (running) {
            poll();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void poll() {
        Set<String> inodes = socketInodes();
        for (String table : TABLES) {
            try {
                for (String line : Files.readAllLines(proc.resolve("net").resolve(table))) {
                    check(line, inodes);
                }
            } catch (NoSuchFileException e) {
                // no IPv6, or the process is gone
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + proc + "/net/" + table, e);
            }
        }
        polls++;
    }

    private void check(String line, Set<String> inodes) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 10 || !fields[0].endsWith(":") || !inodes.contains(fields[9])) {
            return;
        }
        String remote = fields[2];
        int colon = remote.indexOf(':');
        InetAddress address = address(remote.substring(0, colon));
        int port = Integer.parseInt(remote.substring(colon + 1), 16);
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || isMappedLoopback(address)) {
            return;
        }
        offenders.add(address.getHostAddress() + ":" + port);
    }

    private Set<String> socketInodes() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return inodes;
    }

    /** A /proc/net address: IPv4 as one little-endian word, IPv6 as four. */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address " + hex, e);
        }
    }

    private static boolean isMappedLoopback(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff && b[12] == 127;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
