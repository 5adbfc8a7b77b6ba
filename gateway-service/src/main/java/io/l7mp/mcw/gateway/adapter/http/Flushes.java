package io.l7mp.mcw.gateway.adapter.http;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes once per read batch instead of once per frame: while an event loop delivers the frames of one read
 * ({@code channelRead} ... {@code channelReadComplete}), what the HTTP/2 relay writes to other connections is written
 * and their channels remembered; the handler's {@code channelReadComplete} flushes each once. A write outside a read
 * batch (a connection opened, a write completed, a timer) is flushed at once.
 * <p>
 * One per event loop; everything here runs on that loop.
 */
final class Flushes {
    private static final FastThreadLocal<Flushes> LOOP = new FastThreadLocal<>() {
        @Override
        protected Flushes initialValue() {
            return new Flushes();
        }
    };

    private final List<Channel> dirty = new ArrayList<>(8);
    private boolean reading;

    private Flushes() {
    }

    /** A read batch is being delivered on this loop: writes wait for its end. */
    static void reading() {
        LOOP.get().reading = true;
    }

    /** Writes {@code msg}; flushed now, or at the end of the read batch being delivered. */
    static void write(Channel channel, Object msg) {
        write(channel, msg, channel.voidPromise());
    }

    /** Writes {@code msg} with {@code promise}; flushed now, or at the end of the read batch being delivered. */
    static ChannelFuture write(Channel channel, Object msg, ChannelPromise promise) {
        Flushes flushes = LOOP.get();
        if (!flushes.reading) {
            return channel.writeAndFlush(msg, promise);
        }
        List<Channel> dirty = flushes.dirty;
        // a handful of channels per batch: a linear scan beats a set
        if (dirty.isEmpty() || !dirty.contains(channel)) {
            dirty.add(channel);
        }
        return channel.write(msg, promise);
    }

    /** The read batch ended: flushes every channel written to in it. */
    static void flush() {
        Flushes flushes = LOOP.get();
        flushes.reading = false;
        List<Channel> dirty = flushes.dirty;
        if (dirty.isEmpty()) {
            return;
        }
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
