package io.l7mp.mcw.api.event;

/** A record on the bus that is not a valid MCW event; the message says which part and why. */
public class EventFormatException extends RuntimeException {
    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
