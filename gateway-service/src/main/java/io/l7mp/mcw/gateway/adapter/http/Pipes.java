package io.l7mp.mcw.gateway.adapter.http;

import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.vertx.core.net.NetSocket;

/** Joins two sockets both ways with back-pressure; either side closing closes the other. */
final class Pipes {
    private Pipes() {
    }

    /** @param onClose runs once {@code a} closed (it replaces {@code a}'s close handler) */
    static void join(NetSocket a, NetSocket b, Flow flow, TrafficMetrics metrics, Runnable onClose) {
        long[] bytes = new long[1];
        copy(a, b, bytes);
        copy(b, a, bytes);
        a.closeHandler(v -> {
            b.close();
            metrics.bytes(flow, bytes[0]);
            bytes[0] = 0;
            onClose.run();
        });
        b.closeHandler(v -> a.close());
        a.resume();
        b.resume();
    }

    private static void copy(NetSocket from, NetSocket to, long[] bytes) {
        from.handler(chunk -> {
            bytes[0] += chunk.length();
            to.write(chunk);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.endHandler(v -> to.end());
    }
}
