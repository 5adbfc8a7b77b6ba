package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3);

    @ParameterizedTest(name = "{0} after {1} attempt(s) of {2} with {3} candidates -> {4}")
    @CsvSource({
            // connect failures: always, for any method
            "CONNECT_FAILED, 1, POST, 3, retry 1",
            "CONNECT_FAILED, 2, POST, 3, retry 2",
            "CONNECT_FAILED, 1, GET, 3, retry 1",
            // reset before any response byte: idempotent methods only
            "NO_RESPONSE, 1, GET, 3, retry 1",
            "NO_RESPONSE, 1, HEAD, 3, retry 1",
            "NO_RESPONSE, 1, OPTIONS, 3, retry 1",
            "NO_RESPONSE, 1, PUT, 3, retry 1",
            "NO_RESPONSE, 1, DELETE, 3, retry 1",
            "NO_RESPONSE, 1, TRACE, 3, retry 1",
            "NO_RESPONSE, 1, POST, 3, give up",
            "NO_RESPONSE, 1, PATCH, 3, give up",
            "NO_RESPONSE, 1, CONNECT, 3, give up",
            // a clean close before any response byte: like a reset for the next candidate
            "PEER_CLOSED, 1, GET, 3, retry 1",
            "PEER_CLOSED, 1, PUT, 3, retry 1",
            "PEER_CLOSED, 1, POST, 3, give up",
            "PEER_CLOSED, 1, GET, 1, give up",
            // the gateway closed the path under the request: the next tunnel or cluster, idempotent methods only
            "PATH_DOWN, 1, GET, 3, retry 1",
            "PATH_DOWN, 2, PUT, 3, retry 2",
            "PATH_DOWN, 1, POST, 3, give up",
            "PATH_DOWN, 1, GET, 1, give up",
            // after response bytes: never
            "RESPONSE_STARTED, 1, GET, 3, give up",
            // budget and candidates
            "CONNECT_FAILED, 3, GET, 5, give up",
            "CONNECT_FAILED, 2, GET, 2, give up",
            "CONNECT_FAILED, 1, GET, 1, give up",
    })
    void decidesWhetherTheNextCandidateMayBeTried(RetryPolicy.Failure failure, int attempts, String method,
            int candidates, String expected) {
        // When
        RetryPolicy.Decision decision = THREE_ATTEMPTS.afterFailure(attempts, candidates, failure, method);

        // Then
        if (expected.startsWith("retry")) {
            assertThat(decision).isEqualTo(new RetryPolicy.Decision.Retry(Integer.parseInt(expected.substring(6))));
        } else {
            assertThat(decision).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "get", "POST" })
    void tcpAndNonIdempotentRequestsAreNotRetriedAfterTheyWereSent(String method) {
        assertThat(THREE_ATTEMPTS.afterFailure(1, 3, RetryPolicy.Failure.NO_RESPONSE, method))
                .isInstanceOf(RetryPolicy.Decision.GiveUp.class);
        assertThat(THREE_ATTEMPTS.afterFailure(1, 3, RetryPolicy.Failure.CONNECT_FAILED, method))
                .isEqualTo(new RetryPolicy.Decision.Retry(1));
    }

    @Test
    void giveUpSaysWhy() {
        assertThat(THREE_ATTEMPTS.afterFailure(3, 5, RetryPolicy.Failure.CONNECT_FAILED, "GET"))
                .isEqualTo(new RetryPolicy.Decision.GiveUp("retry budget spent: 3 of 3 attempts"));
        assertThat(THREE_ATTEMPTS.afterFailure(1, 3, RetryPolicy.Failure.NO_RESPONSE, "POST"))
                .isEqualTo(new RetryPolicy.Decision.GiveUp("POST is not idempotent and may have reached the server: "
                        + "not retried"));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertThat(new RetryPolicy(1).afterFailure(1, 3, RetryPolicy.Failure.CONNECT_FAILED, "GET"))
                .isInstanceOf(RetryPolicy.Decision.GiveUp.class);
        assertThatThrownBy(() -> new RetryPolicy(0)).hasMessage("RetryPolicy.maxAttempts is 0, expected >= 1");
    }

    @ParameterizedTest(name = "{0} {1}, sent again before: {2} -> {3}")
    @CsvSource({
            // the keep-alive race: idempotent requests go once more to the same candidate
            "PEER_CLOSED, GET, false, true",
            "PEER_CLOSED, PUT, false, true",
            "PEER_CLOSED, DELETE, false, true",
            // once only
            "PEER_CLOSED, GET, true, false",
            // a request that may have reached the server and is not idempotent: never
            "PEER_CLOSED, POST, false, false",
            "PEER_CLOSED, PATCH, false, false",
            // a reset, a refused connection or a started response is no keep-alive race
            "NO_RESPONSE, GET, false, false",
            "CONNECT_FAILED, GET, false, false",
            // a path taken down is never tried again in place
            "PATH_DOWN, GET, false, false",
            "RESPONSE_STARTED, GET, false, false",
    })
    void retriesOnTheSameCandidateOnlyAfterTheKeepAliveRace(RetryPolicy.Failure failure, String method,
            boolean before, boolean expected) {
        assertThat(THREE_ATTEMPTS.retriesInPlace(failure, method, before)).isEqualTo(expected);
    }

    @Test
    void decideRetriesInPlaceFirstThenMovesOn() {
        // When: candidate 1 of 3 lost the keep-alive race, before and after it was sent again
        RetryPolicy.Decision first = THREE_ATTEMPTS.decide(2, 3, RetryPolicy.Failure.PEER_CLOSED, "GET", false);
        RetryPolicy.Decision second = THREE_ATTEMPTS.decide(2, 3, RetryPolicy.Failure.PEER_CLOSED, "GET", true);
        RetryPolicy.Decision post = THREE_ATTEMPTS.decide(2, 3, RetryPolicy.Failure.PEER_CLOSED, "POST", false);

        // Then: the same candidate once, then the next one; a POST is not sent again
        assertThat(first).isEqualTo(new RetryPolicy.Decision.Retry(1));
        assertThat(second).isEqualTo(new RetryPolicy.Decision.Retry(2));
        assertThat(post).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
    }
}
