package io.l7mp.mcw.testkit.wan;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;

/**
 * One path of the emulated WAN: the traffic from a source cluster to a destination cluster over one tunnel, and the
 * answers. Tests impair or cut it and read its counters; the relays ask it, per chunk or datagram, what to do. The
 * controls return this path, so they chain, and apply at once to existing connections and flows. Thread-safe.
 */
public final class WanPath {

    /** Which way bytes cross a path. */
    enum Direction {
        /** From the source cluster to the destination cluster. */
        FORWARD,
        /** The answers. */
        REVERSE
    }

    /** A live TCP connection of the path: told when the path is cut or restored, it acts on its own event loop. */
    interface Member {
        void cutChanged();
    }

    private final String source;
    private final String destination;
    private final String tunnel;
    private volatile PathSettings settings = PathSettings.UNIMPAIRED;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final TokenBucket forwardBucket = new TokenBucket();
    private final TokenBucket reverseBucket = new TokenBucket();

    private final LongAdder bytesForward = new LongAdder();
    private final LongAdder bytesReverse = new LongAdder();
    private final LongAdder datagramsForward = new LongAdder();
    private final LongAdder datagramsReverse = new LongAdder();
    private final LongAdder datagramsDropped = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsActive = new LongAdder();
    private final LongAdder connectionsReset = new LongAdder();

    WanPath(String source, String destination, String tunnel) {
        this.source = source;
        this.destination = destination;
        this.tunnel = tunnel;
    }

    /** The source cluster's name, or the IP literal of a peer that is no cluster's local address. */
    public String source() {
        return source;
    }

    public String destination() {
        return destination;
    }

    public String tunnel() {
        return tunnel;
    }

    public PathSettings settings() {
        return settings;
    }

    public PathCounters counters() {
        return new PathCounters(bytesForward.sum(), bytesReverse.sum(), datagramsForward.sum(),
                datagramsReverse.sum(), datagramsDropped.sum(), connectionsOpened.sum(), connectionsActive.sum(),
                connectionsReset.sum());
    }

    /** One-way delay, added in each direction: a round trip gets twice it. */
    public WanPath delay(Duration delay) {
        return update(s -> s.withDelay(delay));
    }

    /** An extra random delay from 0 to {@code jitter} per chunk or datagram; TCP bytes still arrive in order. */
    public WanPath jitter(Duration jitter) {
        return update(s -> s.withJitter(jitter));
    }

    /** UDP: datagrams dropped with this chance; TCP: chunks held back {@link #retransmitDelay} with this chance. */
    public WanPath loss(double percent) {
        return update(s -> s.withLossPercent(percent));
    }

    /** How long a "lost" TCP chunk is held back (default 200 ms). */
    public WanPath retransmitDelay(Duration delay) {
        return update(s -> s.withRetransmitDelay(delay));
    }

    /** A cap in bytes per second per direction; 0 means unlimited. */
    public WanPath bandwidth(long bytesPerSecond) {
        return update(s -> s.withBandwidth(bytesPerSecond));
    }

    /** Silently drops everything: TCP connections stall (new ones hang), UDP datagrams vanish; no reset is sent. */
    public WanPath blackhole() {
        return update(s -> s.withCut(Cut.BLACKHOLE));
    }

    /** Resets every TCP connection on both sides, and new ones at once; drops UDP datagrams. */
    public WanPath reset() {
        return update(s -> s.withCut(Cut.RESET));
    }

    /** Removes the cut: blackholed connections resume where they stopped, new connections proceed. */
    public WanPath restore() {
        return update(s -> s.withCut(Cut.NONE));
    }

    /** Removes the cut and every impairment. */
    public WanPath clear() {
        return update(s -> PathSettings.UNIMPAIRED);
    }

    /** Applies {@code change} atomically; a change of cut is passed to every live connection. */
    WanPath update(UnaryOperator<PathSettings> change) {
        Cut before;
        Cut after;
        synchronized (this) {
            before = settings.cut();
            settings = change.apply(settings);
            after = settings.cut();
        }
        if (before != after) {
            members.forEach(Member::cutChanged);
        }
        return this;
    }

    /**
     * Registers a new connection; the caller reads {@link #settings()} after this, so that a cut made at the same
     * moment is seen either by the caller or through {@link Member#cutChanged()}.
     */
    void opened(Member member) {
        connectionsOpened.increment();
        connectionsActive.increment();
        members.add(member);
    }

    void closed(Member member) {
        if (members.remove(member)) {
            connectionsActive.decrement();
        }
    }

    void resetByCut() {
        connectionsReset.increment();
    }

    void delivered(Direction direction, long bytes) {
        (direction == Direction.FORWARD ? bytesForward : bytesReverse).add(bytes);
    }

    void datagramDelivered(Direction direction) {
        (direction == Direction.FORWARD ? datagramsForward : datagramsReverse).increment();
    }

    void datagramDropped() {
        datagramsDropped.increment();
    }

    /**
     * How long from {@code nowNanos} a TCP chunk of {@code bytes} waits before delivery: the bandwidth cap, the delay,
     * the jitter, and the retransmit delay if the chunk is "lost". The caller keeps chunks in order.
     */
    long tcpChunkWaitNanos(Direction direction, int bytes, long nowNanos) {
        PathSettings current = settings;
        long wait = bucket(direction).reserve(bytes, current.bandwidthBytesPerSecond(), nowNanos, Long.MAX_VALUE);
        wait += propagationNanos(current);
        if (lost(current)) {
            wait += current.retransmitDelay().toNanos();
        }
        return wait;
    }

    /**
     * How long from {@code nowNanos} a datagram of {@code bytes} waits before delivery, or -1 to drop it: lost, or
     * more than {@code maxQueueNanos} of bandwidth backlog ahead of it (a full queue drops, as a router's does).
     */
    long datagramWaitNanos(Direction direction, int bytes, long nowNanos, long maxQueueNanos) {
        PathSettings current = settings;
        if (current.cut() != Cut.NONE || lost(current)) {
            return -1;
        }
        long wait = bucket(direction).reserve(bytes, current.bandwidthBytesPerSecond(), nowNanos, maxQueueNanos);
        return wait < 0 ? -1 : wait + propagationNanos(current);
    }

    private static long propagationNanos(PathSettings current) {
        long jitter = current.jitter().toNanos();
        return current.delay().toNanos() + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
    }

    private static boolean lost(PathSettings current) {
        return current.lossPercent() > 0 && ThreadLocalRandom.current().nextDouble() * 100 < current.lossPercent();
    }

    private TokenBucket bucket(Direction direction) {
        return direction == Direction.FORWARD ? forwardBucket : reverseBucket;
    }

    @Override
    public String toString() {
        return source + " -> " + destination + " over " + tunnel + " (" + settings + ")";
    }
}
