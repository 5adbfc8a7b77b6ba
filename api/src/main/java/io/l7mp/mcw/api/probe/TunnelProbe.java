package io.l7mp.mcw.api.probe;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The UDP datagram of a tunnel probe (DESIGN D5): a telemetry-service sends a {@link Type#PROBE} to a peer gateway's
 * tunnel port, the gateway answers with an {@link Type#ECHO} of the same size that carries the probe's sequence number
 * and send time back, plus its own receive and send times. All fields big-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic "MCWP"
 *      4    1 version (1)
 *      5    1 type: 1 probe, 2 echo
 *      6    2 flags (0; reserved)
 *      8    8 sequence number, chosen by the sender
 *     16    8 sender's send time, in the sender's own clock (nanoseconds); opaque to the responder
 *     24    8 responder's receive time, microseconds since the epoch; 0 in a probe
 *     32    8 responder's send time, microseconds since the epoch; 0 in a probe
 * </pre>
 *
 * An echo is never larger than the probe it answers, so a responder cannot be used to amplify traffic.
 */
public record TunnelProbe(Type type, long sequence, long senderTimeNanos, long responderReceiveMicros,
        long responderSendMicros) {

    public static final int SIZE = 40;
    static final int MAGIC = 0x4D435750;
    static final byte VERSION = 1;

    public enum Type {
        PROBE(1),
        ECHO(2);

        final byte code;

        Type(int code) {
            this.code = (byte) code;
        }
    }

    public static TunnelProbe probe(long sequence, long senderTimeNanos) {
        return new TunnelProbe(Type.PROBE, sequence, senderTimeNanos, 0, 0);
    }

    /** The echo of this probe, stamped with the responder's times. */
    public TunnelProbe echo(long receiveMicros, long sendMicros) {
        return new TunnelProbe(Type.ECHO, sequence, senderTimeNanos, receiveMicros, sendMicros);
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putInt(MAGIC).put(VERSION).put(type.code).putShort((short) 0).putLong(sequence).putLong(senderTimeNanos)
                .putLong(responderReceiveMicros).putLong(responderSendMicros);
        return out.array();
    }

    /**
     * Reads a datagram; empty when it is not a probe or echo of this version (anything else that reaches a tunnel
     * port is ignored, never answered).
     */
    public static Optional<TunnelProbe> decode(byte[] data, int offset, int length) {
        if (length != SIZE || offset < 0 || offset + length > data.length) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        if (in.getInt() != MAGIC || in.get() != VERSION) {
            return Optional.empty();
        }
        byte code = in.get();
        in.getShort();
        Type type = code == Type.PROBE.code ? Type.PROBE : code == Type.ECHO.code ? Type.ECHO : null;
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(new TunnelProbe(type, in.getLong(), in.getLong(), in.getLong(), in.getLong()));
    }

    public static Optional<TunnelProbe> decode(byte[] data) {
        return decode(data, 0, data.length);
    }
}
