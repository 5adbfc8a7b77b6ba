package io.l7mp.mcw.testkit.wan;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;
import io.l7mp.mcw.testkit.wan.WanPath.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * One direction of a relayed TCP connection: the bytes read from {@code source}, held until their release time, then
 * written to {@code destination}. The chunks leave in the order they came: one whose time has come still waits for
 * the chunks before it, so bytes never overtake each other whatever the jitter (a chunk is released no earlier than the
 * one before it). Nothing is released while the path is cut (a blackhole holds the bytes; the stream resumes intact on
 * restore). The held bytes are bounded: above {@link #HIGH_WATER} the connection stops reading the source until they
 * drop below {@link #LOW_WATER}. Confined to the connection's event loop.
 */
final class TcpStream {

    /**
     * Bytes held per direction before reading pauses; with a delay this bounds throughput per connection at
     * HIGH_WATER / delay (5 MB/s at 100 ms), as a TCP window would.
     */
    static final int HIGH_WATER = 512 * 1024;
    static final int LOW_WATER = 256 * 1024;

    private record Chunk(ByteBuf bytes, long releaseAtNanos) {
    }

    private final WanPath path;
    private final Direction direction;
    private final TcpConnection connection;
    private final ArrayDeque<Chunk> held = new ArrayDeque<>();
    private Channel source;
    private Channel destination;
    private long heldBytes;
    private boolean drainScheduled;
    private boolean full;
    private boolean unflushed;
    /** The source sent FIN (or went away): pass it on once the held bytes are out. */
    private boolean sourceEnded;
    private boolean finished;

    TcpStream(WanPath path, Direction direction, TcpConnection connection) {
        this.path = path;
        this.direction = direction;
        this.connection = connection;
    }

    void connect(Channel from, Channel to) {
        this.source = from;
        this.destination = to;
    }

    Channel source() {
        return source;
    }

    /** Whether reading the source would hold more than the high-water mark. */
    boolean full() {
        return full;
    }

    boolean finished() {
        return finished;
    }

    /** A chunk read from the source: written at once on an unimpaired path with nothing held, else held. */
    void read(ByteBuf bytes) {
        if (finished) {
            // the destination is gone
            bytes.release();
            return;
        }
        PathSettings settings = path.settings();
        int size = bytes.readableBytes();
        if (held.isEmpty() && settings.cut() == Cut.NONE && !settings.impaired()) {
            destination.write(bytes);
            path.delivered(direction, size);
            unflushed = true;
            return;
        }
        long now = System.nanoTime();
        held.add(new Chunk(bytes, now + path.tcpChunkWaitNanos(direction, size, now)));
        heldBytes += size;
        if (heldBytes >= HIGH_WATER && !full) {
            full = true;
            connection.updateReading();
        }
        if (held.size() == 1) {
            drain();
        }
    }

    /** The source's read burst is over: one flush for what {@link #read} wrote directly. */
    void readComplete() {
        if (unflushed) {
            unflushed = false;
            destination.flush();
        }
    }

    /** The source will send no more (FIN or closed): pass that on after the held bytes. */
    void sourceEnded() {
        sourceEnded = true;
        drain();
    }

    /** Writes every chunk whose time has come, then waits for the next; does nothing while the path is cut. */
    void drain() {
        if (finished || destination == null || path.settings().cut() != Cut.NONE) {
            return;
        }
        long now = System.nanoTime();
        boolean wrote = false;
        while (!held.isEmpty() && held.peek().releaseAtNanos() <= now) {
            Chunk chunk = held.poll();
            heldBytes -= chunk.bytes().readableBytes();
            path.delivered(direction, chunk.bytes().readableBytes());
            destination.write(chunk.bytes());
            wrote = true;
        }
        if (wrote || unflushed) {
            unflushed = false;
            destination.flush();
        }
        if (full && heldBytes <= LOW_WATER) {
            full = false;
            connection.updateReading();
        }
        if (!held.isEmpty()) {
            scheduleDrain(held.peek().releaseAtNanos() - now);
        } else if (sourceEnded) {
            finished = true;
            connection.streamFinished(this);
        }
    }

    private void scheduleDrain(long delayNanos) {
        if (drainScheduled) {
            return;
        }
        drainScheduled = true;
        destination.eventLoop().schedule(() -> {
            drainScheduled = false;
            drain();
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The destination is gone: drop what is held. */
    void discard() {
        finished = true;
        while (!held.isEmpty()) {
            held.poll().bytes().release();
        }
        heldBytes = 0;
    }
}
