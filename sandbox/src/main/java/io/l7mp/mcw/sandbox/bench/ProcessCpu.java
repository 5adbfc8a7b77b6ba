package io.l7mp.mcw.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of processes split into user and system (kernel) time, from {@code /proc/<pid>/stat}: where a proxy's time
 * goes tells whether it is its own code or the system calls every proxy makes. Linux only; elsewhere, nothing.
 */
final class ProcessCpu {

    /** Clock ticks spent in user and in system mode. */
    record Ticks(long user, long system) {
        Ticks minus(Ticks earlier) {
            return new Ticks(user - earlier.user, system - earlier.system);
        }

        Ticks plus(Ticks other) {
            return new Ticks(user + other.user, system + other.system);
        }

        /** The user part of the time, 0-1; NaN when no time was spent. */
        double userShare() {
            long total = user + system;
            return total == 0 ? Double.NaN : (double) user / total;
        }
    }

    private ProcessCpu() {
    }

    /** The processes' ticks together; empty when one of them cannot be read (not Linux, or gone). */
    static Optional<Ticks> of(List<ProcessHandle> processes) {
        Ticks sum = new Ticks(0, 0);
        for (ProcessHandle process : processes) {
            try {
                Optional<Ticks> ticks = parse(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
                if (ticks.isEmpty()) {
                    return Optional.empty();
                }
                sum = sum.plus(ticks.get());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(sum);
    }

    /**
     * utime and stime of a {@code /proc/<pid>/stat} line: fields 14 and 15, counted after the command name in
     * parentheses, which may itself hold spaces and parentheses (so the fields start after the last ')').
     */
    static Optional<Ticks> parse(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        // after ')': field 3 (state) is the first
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        if (fields.length < 13) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Ticks(Long.parseLong(fields[11]), Long.parseLong(fields[12])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
