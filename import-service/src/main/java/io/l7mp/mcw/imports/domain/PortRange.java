package io.l7mp.mcw.imports.domain;

/** An inclusive range of egress gateway ports that the import-service hands out. */
public record PortRange(int start, int end) {
    public PortRange {
        if (start < 1 || end > 65535 || start > end) {
            throw new IllegalArgumentException("egress port range " + start + "-" + end
                    + " is invalid, expected 1 <= start <= end <= 65535");
        }
    }

    public int size() {
        return end - start + 1;
    }

    public boolean contains(int port) {
        return port >= start && port <= end;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
