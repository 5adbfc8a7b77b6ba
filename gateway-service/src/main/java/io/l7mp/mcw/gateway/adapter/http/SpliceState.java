package io.l7mp.mcw.gateway.adapter.http;

/**
 * Where a {@link TcpSplice} is, and every way it moves on ({@link #on}): a pure function of the state and what
 * happened on one of its two connections, kept apart from the Netty handlers so that each transition is stated once
 * and tested without sockets. The splice acts on the transition (shuts an output, closes a connection); nothing else
 * changes the state.
 */
sealed interface SpliceState {
    /** The two connections: the one the gateway accepted and the one it dialled. */
    enum Side {
        CLIENT,
        UPSTREAM;

        Side other() {
            return this == CLIENT ? UPSTREAM : CLIENT;
        }
    }

    /** Bytes flow both ways. */
    record Forwarding() implements SpliceState {
    }

    /**
     * {@code ended} sent its last byte (its FIN was read): the other side's output is shut once what went to it is
     * written, and bytes still flow from the other side to {@code ended}.
     */
    record HalfClosed(Side ended) implements SpliceState {
    }

    /**
     * Done: both directions ended, a connection closed or failed, or nothing moved for the idle timeout. Both
     * connections close.
     *
     * @param cause why, when it was not an orderly end; null when it was
     */
    record Closed(Throwable cause) implements SpliceState {
    }

    /** What happened. */
    sealed interface Event {
        /** {@code side} read its peer's FIN: nothing more comes from it. */
        record InputEnded(Side side) implements Event {
        }

        /** {@code side}'s connection closed ({@code cause} null) or failed. */
        record Gone(Side side, Throwable cause) implements Event {
        }

        /** No byte moved either way for the idle timeout. */
        record Idle(Throwable cause) implements Event {
        }
    }

    /** The state after {@code event}; the same instance when the event changes nothing. */
    static SpliceState on(SpliceState state, Event event) {
        if (state instanceof Closed) {
            return state;
        }
        if (event instanceof Event.InputEnded ended) {
            if (state instanceof HalfClosed half) {
                return half.ended() == ended.side() ? state : new Closed(null);
            }
            return new HalfClosed(ended.side());
        }
        if (event instanceof Event.Gone gone) {
            return new Closed(gone.cause());
        }
        return new Closed(((Event.Idle) event).cause());
    }
}
