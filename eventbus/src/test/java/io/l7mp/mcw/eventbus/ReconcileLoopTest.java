package io.l7mp.mcw.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The shared loop: coalescing, retries after failures, and nothing after close. */
class ReconcileLoopTest {
    private static final ReconcileSettings SETTINGS = new ReconcileSettings(Duration.ofMinutes(5),
            Duration.ofMillis(50));

    @Test
    void triggersThatArriveWhileAPassIsQueuedCoalesceIntoOnePass() throws Exception {
        // Given: a pass that blocks until released, so that triggers pile up behind it
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop("test", SETTINGS, () -> {
            passes.incrementAndGet();
            awaitQuietly(release);
            return ReconcileLoop.Outcome.DONE;
        })) {
            loop.trigger();
            await().until(() -> passes.get() == 1);

            // When: a hundred triggers arrive during the first pass
            for (int i = 0; i < 100; i++) {
                loop.trigger();
            }
            release.countDown();

            // Then: exactly one more pass runs
            await().until(() -> passes.get() == 2);
            loop.trigger();
            await().until(() -> passes.get() == 3);
            assertThat(passes).hasValue(3);
        }
    }

    @Test
    void aPassThatThrowsOrAsksForARetryRunsAgainAfterTheRetryDelay() {
        // Given
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop("test", SETTINGS, () -> {
            int n = passes.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("API server down");
            }
            return n == 2 ? ReconcileLoop.Outcome.RETRY : ReconcileLoop.Outcome.DONE;
        })) {
            // When: one trigger only
            loop.trigger();

            // Then: the failure and the retry each bring one more pass, then it rests
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 3);
        }
        assertThat(passes).hasValue(3);
    }

    @Test
    void aClosedLoopRunsNoMorePasses() {
        // Given
        AtomicInteger passes = new AtomicInteger();
        ReconcileLoop loop = new ReconcileLoop("test", SETTINGS, () -> {
            passes.incrementAndGet();
            return ReconcileLoop.Outcome.DONE;
        });
        loop.close();

        // When
        loop.trigger();
        loop.retryLater();

        // Then
        assertThat(passes).hasValue(0);
    }

    @Test
    void settingsRefuseANonPositiveDelayNamingTheKey() {
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> new ReconcileSettings(Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mcw.reconcile.retry-delay");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
