package io.l7mp.mcw.testkit;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out Service cluster IPs from 10.96.0.0/16, starting at 10.96.0.10, never two alike while both are in use.
 */
final class ClusterIpAllocator {

    private static final int BASE = (10 << 24) | (96 << 16);
    private static final int FIRST = 10;
    private static final int LAST = 0xFFFE;

    private final Set<String> inUse = new HashSet<>();
    private int next = FIRST;

    /** The next free address of the range. */
    synchronized String allocate() {
        for (int tried = 0; tried <= LAST - FIRST; tried++) {
            String candidate = format(BASE | next);
            next = next == LAST ? FIRST : next + 1;
            if (inUse.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free cluster IP left in 10.96.0.0/16");
    }

    /** Takes an address the client asked for; false if another Service holds it. */
    synchronized boolean reserve(String ip) {
        return inUse.add(ip);
    }

    synchronized void release(String ip) {
        inUse.remove(ip);
    }

    private static String format(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }
}
