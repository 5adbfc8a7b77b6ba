package io.l7mp.mcw.gateway.domain;

import java.util.Set;

/**
 * Whether a failed attempt may be retried on the next candidate. Retrying must never run a request twice where that
 * could matter: a connect failure never reached the server, so it is always retried; a reset or timeout before any
 * response byte may have reached it, so only idempotent methods (RFC 9110 9.2.2) are retried; once response bytes
 * went to the client nothing is. The data plane retries only requests whose body it can replay. A keep-alive
 * connection the server closed just as a request went out on it is retried once on the same candidate
 * ({@link #retriesInPlace}).
 *
 * @param maxAttempts total attempts per request or connection, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts) {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("RetryPolicy.maxAttempts is " + maxAttempts + ", expected >= 1");
        }
    }

    /** How an attempt failed. */
    public enum Failure {
        /** No connection to the upstream (refused, unreachable, connect timeout): the request was not sent. */
        CONNECT_FAILED,
        /** Reset or timed out after the request was (partly) sent, before any response byte. */
        NO_RESPONSE,
        /**
         * The upstream closed the connection in good order (FIN, not reset) after the request was (partly) sent,
         * before any response byte: nearly always a keep-alive connection the server timed out just as the request
         * went out on it. Like {@link #NO_RESPONSE}, the request may have reached the server.
         */
        PEER_CLOSED,
        /**
         * The gateway closed the connection itself because the path it crossed went down (the probes, or another
         * request, said so), before any response byte. Like {@link #NO_RESPONSE} the request may have reached the
         * server; unlike {@link #PEER_CLOSED} it is never sent again to the same candidate.
         */
        PATH_DOWN,
        /** Failed after response bytes were sent on to the client. */
        RESPONSE_STARTED
    }

    /** The verdict on one failed attempt. */
    public sealed interface Decision {
        /** Try {@code candidates.get(nextCandidate)}. */
        record Retry(int nextCandidate) implements Decision {
        }

        /** Fail the request (502/503) or close the connection. */
        record GiveUp(String reason) implements Decision {
        }
    }

    /**
     * @param attemptsMade attempts so far, the failed one included (candidates 0 .. attemptsMade-1 were tried)
     * @param candidates how many candidates the route has
     * @param method the HTTP method; null for an opaque TCP connection, which is treated as not idempotent
     */
    public Decision afterFailure(int attemptsMade, int candidates, Failure failure, String method) {
        if (failure == Failure.RESPONSE_STARTED) {
            return new Decision.GiveUp("the response had started: a retry would corrupt it");
        }
        if (failure != Failure.CONNECT_FAILED && !isIdempotent(method)) {
            return new Decision.GiveUp((method == null ? "a TCP connection" : method + " is not idempotent and")
                    + " may have reached the server: not retried");
        }
        if (attemptsMade >= maxAttempts) {
            return new Decision.GiveUp("retry budget spent: " + attemptsMade + " of " + maxAttempts + " attempts");
        }
        if (attemptsMade >= candidates) {
            return new Decision.GiveUp("no other candidate: all " + candidates + " tried");
        }
        return new Decision.Retry(attemptsMade);
    }

    /**
     * Whether to send the request once more to the same candidate, on a new connection, before moving on: only after
     * {@link Failure#PEER_CLOSED} of an idempotent request, and once per request. The server closed an idle
     * keep-alive connection as the request was sent; it is up, and a candidate elsewhere (another cluster, another
     * tunnel) would be the worse choice. Does not count against {@code maxAttempts}: a race with the server's idle
     * timeout is no sign that the upstream is failing.
     */
    public boolean retriesInPlace(Failure failure, String method, boolean retriedInPlaceBefore) {
        return failure == Failure.PEER_CLOSED && isIdempotent(method) && !retriedInPlaceBefore;
    }

    /**
     * The verdict on a failed attempt of a request: {@link #retriesInPlace} first (a {@code Retry} of the candidate
     * that failed, {@code attemptsMade - 1}), else {@link #afterFailure}.
     */
    public Decision decide(int attemptsMade, int candidates, Failure failure, String method,
            boolean retriedInPlaceBefore) {
        if (retriesInPlace(failure, method, retriedInPlaceBefore)) {
            return new Decision.Retry(attemptsMade - 1);
        }
        return afterFailure(attemptsMade, candidates, failure, method);
    }

    /** GET, HEAD, OPTIONS, PUT, DELETE and TRACE; methods are case-sensitive (RFC 9110 9.1). */
    public static boolean isIdempotent(String method) {
        return method != null && IDEMPOTENT.contains(method);
    }
}
