package io.l7mp.mcw.gateway.adapter.http;

import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.l7mp.mcw.gateway.domain.RetryPolicy;

/**
 * Which failures of an attempt towards a peer gateway say something about the path it crossed (DESIGN D5: connect
 * refused or timed out, a reset, a request timeout), and the words a log line and a tunnel switch use for them. A
 * connection the peer closed in good order (the keep-alive race), an address the gateway refused to dial and a
 * connection the gateway closed itself say nothing about the path.
 */
final class PathFailures {
    private PathFailures() {
    }

    /** What happened, for a passive path signal; null when the failure says nothing about the path. */
    static String signal(RetryPolicy.Failure failure, Throwable cause) {
        if (cause instanceof DialGuard.DialRefusedException || cause instanceof PathConnections.PathDownException
                || failure == RetryPolicy.Failure.PEER_CLOSED || failure == RetryPolicy.Failure.PATH_DOWN) {
            return null;
        }
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (failure == RetryPolicy.Failure.CONNECT_FAILED) {
            if (message.contains("timed out") || message.contains("timeout")) {
                return "connect timed out";
            }
            return cause instanceof ConnectException || message.contains("refused") ? "connect refused"
                    : "connect failed (" + message + ")";
        }
        if (cause instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
            return "request timed out";
        }
        if (message.contains("reset")) {
            return "connection reset";
        }
        return "connection failed before any response byte (" + message + ")";
    }

    /** The failure kind an attempt ended with, {@link RetryPolicy.Failure#PATH_DOWN} when its path was closed. */
    static RetryPolicy.Failure classify(RetryPolicy.Failure failure, Throwable cause, boolean pathClosedRecently) {
        if (cause instanceof PathConnections.PathDownException
                || pathClosedRecently && failure != RetryPolicy.Failure.CONNECT_FAILED
                        && failure != RetryPolicy.Failure.RESPONSE_STARTED) {
            return RetryPolicy.Failure.PATH_DOWN;
        }
        return failure;
    }
}
