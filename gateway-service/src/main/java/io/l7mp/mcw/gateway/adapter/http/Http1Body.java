package io.l7mp.mcw.gateway.adapter.http;

import io.netty.buffer.ByteBuf;

/**
 * Finds where an HTTP/1.1 message body ends in a byte stream without decoding it (RFC 9112 6.3): the relay forwards
 * the bytes as they came, chunk sizes and trailers included, and only needs to know how many of them belong to the
 * message. One instance per body; fed the stream's bytes in order, across as many reads as they take.
 */
final class Http1Body {
    /** The body runs until the connection closes (a response with neither length nor chunking). */
    static final long UNTIL_CLOSE = -1;

    private enum State {
        LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILER,
        DONE,
        UNTIL_CLOSE
    }

    private State state;
    /** LENGTH / CHUNK_DATA: bytes still to come; CHUNK_SIZE / TRAILER: the length of the line so far. */
    private long remaining;
    private long lineLength;
    private long chunkSize;
    private boolean sizeDigits;
    private boolean inExtension;
    private byte last;
    private String error;

    private Http1Body(State state, long remaining) {
        this.state = state;
        this.remaining = remaining;
    }

    /** A body of {@code length} bytes (0 for none). */
    static Http1Body ofLength(long length) {
        return new Http1Body(length == 0 ? State.DONE : State.LENGTH, length);
    }

    static Http1Body chunked() {
        return new Http1Body(State.CHUNK_SIZE, 0);
    }

    static Http1Body untilClose() {
        return new Http1Body(State.UNTIL_CLOSE, 0);
    }

    boolean done() {
        return state == State.DONE;
    }

    boolean untilCloseBody() {
        return state == State.UNTIL_CLOSE;
    }

    /** Why the chunked framing is broken; null while it is not. */
    String error() {
        return error;
    }

    /**
     * How many of the readable bytes of {@code in}, from its reader index, belong to the body; does not consume them.
     * The body is complete when {@link #done} is true afterwards; a broken chunked framing returns -1 and sets
     * {@link #error}.
     */
    int scan(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        int i = from;
        while (i < to && state != State.DONE) {
            switch (state) {
                case LENGTH, CHUNK_DATA -> {
                    int take = (int) Math.min(remaining, to - i);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == State.LENGTH ? State.DONE : State.CHUNK_DATA_END;
                        lineLength = 0;
                    }
                }
                case UNTIL_CLOSE -> i = to;
                case CHUNK_DATA_END -> {
                    // the CRLF after a chunk's data
                    byte b = in.getByte(i++);
                    lineLength++;
                    if (lineLength == 1 && b != '\r' || lineLength == 2 && b != '\n') {
                        return fail("a chunk's data is not followed by CRLF");
                    }
                    if (lineLength == 2) {
                        startSizeLine();
                    }
                }
                case CHUNK_SIZE -> {
                    byte b = in.getByte(i++);
                    if (++lineLength > 1024) {
                        return fail("a chunk-size line longer than 1024 bytes");
                    }
                    if (b == '\n') {
                        if (last != '\r' || !sizeDigits) {
                            return fail("a malformed chunk-size line");
                        }
                        if (chunkSize == 0) {
                            state = State.TRAILER;
                            lineLength = 0;
                        } else {
                            state = State.CHUNK_DATA;
                            remaining = chunkSize;
                        }
                    } else if (b == ';' || b == ' ' || b == '\t') {
                        inExtension = true;
                    } else if (!inExtension && b != '\r') {
                        int digit = Character.digit(b, 16);
                        if (digit < 0 || chunkSize > (Long.MAX_VALUE >> 4)) {
                            return fail("a chunk size that is not a hexadecimal number");
                        }
                        chunkSize = (chunkSize << 4) + digit;
                        sizeDigits = true;
                    }
                    last = b;
                }
                case TRAILER -> {
                    // trailer fields, then an empty line
                    byte b = in.getByte(i++);
                    if (b == '\n') {
                        if (last != '\r') {
                            return fail("a trailer line not ended by CRLF");
                        }
                        if (lineLength == 1) {
                            state = State.DONE;
                        }
                        lineLength = 0;
                    } else {
                        lineLength++;
                    }
                    last = b;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return i - from;
    }

    private void startSizeLine() {
        state = State.CHUNK_SIZE;
        lineLength = 0;
        chunkSize = 0;
        sizeDigits = false;
        inExtension = false;
        last = 0;
    }

    private int fail(String reason) {
        error = reason;
        return -1;
    }
}
