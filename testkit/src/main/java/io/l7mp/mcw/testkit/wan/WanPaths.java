package io.l7mp.mcw.testkit.wan;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several paths acted on at once, e.g. every tunnel into cluster-1 ({@code emulator.paths("*", "cluster-1", "*")}).
 * The set is fixed when it is selected: a path created later (a new tunnel, a new foreign source) is not in it. Each
 * control is applied to one path after the other, each path atomically.
 */
public final class WanPaths {

    private final List<WanPath> paths;

    WanPaths(List<WanPath> paths) {
        this.paths = List.copyOf(paths);
    }

    /** The selected paths, in the emulator's order (source, destination, tunnel). */
    public List<WanPath> list() {
        return paths;
    }

    /** The counters of the selected paths added up. */
    public PathCounters counters() {
        long[] sum = new long[8];
        for (WanPath path : paths) {
            PathCounters c = path.counters();
            long[] values = { c.bytesForward(), c.bytesReverse(), c.datagramsForward(), c.datagramsReverse(),
                    c.datagramsDropped(), c.connectionsOpened(), c.connectionsActive(), c.connectionsReset() };
            for (int i = 0; i < sum.length; i++) {
                sum[i] += values[i];
            }
        }
        return new PathCounters(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7]);
    }

    public WanPaths delay(Duration delay) {
        return update(s -> s.withDelay(delay));
    }

    public WanPaths jitter(Duration jitter) {
        return update(s -> s.withJitter(jitter));
    }

    public WanPaths loss(double percent) {
        return update(s -> s.withLossPercent(percent));
    }

    public WanPaths retransmitDelay(Duration delay) {
        return update(s -> s.withRetransmitDelay(delay));
    }

    public WanPaths bandwidth(long bytesPerSecond) {
        return update(s -> s.withBandwidth(bytesPerSecond));
    }

    public WanPaths blackhole() {
        return update(s -> s.withCut(PathSettings.Cut.BLACKHOLE));
    }

    public WanPaths reset() {
        return update(s -> s.withCut(PathSettings.Cut.RESET));
    }

    public WanPaths restore() {
        return update(s -> s.withCut(PathSettings.Cut.NONE));
    }

    public WanPaths clear() {
        return update(s -> PathSettings.UNIMPAIRED);
    }

    /**
     * Applies {@code change} to every selected path. It is tried on the first path's settings before any path
     * changes, so a bad value changes nothing.
     */
    WanPaths update(UnaryOperator<PathSettings> change) {
        if (!paths.isEmpty()) {
            change.apply(paths.get(0).settings());
        }
        paths.forEach(path -> path.update(change));
        return this;
    }
}
