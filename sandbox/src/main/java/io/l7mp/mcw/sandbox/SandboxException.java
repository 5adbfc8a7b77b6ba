package io.l7mp.mcw.sandbox;

/** The sandbox could not do what was asked; the message says what, where to look and how to fix it. */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
