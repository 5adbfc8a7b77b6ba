package io.l7mp.mcw.mcwanctl;

/**
 * A command failed (exit code 1). The message says what went wrong and, where there is one, what to do next; it is
 * printed as {@code error: <message>} without a stack trace.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
