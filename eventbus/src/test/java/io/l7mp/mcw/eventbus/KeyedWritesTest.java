package io.l7mp.mcw.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Writes a pass starts and does not wait for: concurrent, one per key, a skipped key re-triggers, failures retry. */
class KeyedWritesTest {
    private final AtomicInteger triggers = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private KeyedWrites writes(int concurrency) {
        return new KeyedWrites("test", concurrency, triggers::incrementAndGet, retries::incrementAndGet,
                (key, e) -> failures.add(key + ": " + e.getMessage()));
    }

    @Test
    void writesOfDifferentKeysRunAtOnceUpToTheConcurrency() throws Exception {
        // Given: writes that block until released
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        try (KeyedWrites writes = writes(3)) {
            // When: five keys are submitted
            for (int i = 0; i < 5; i++) {
                assertThat(writes.submit("k" + i, () -> {
                    running.incrementAndGet();
                    awaitQuietly(release);
                })).isTrue();
            }

            // Then: three run at once, the others wait for a writer; all five end
            await().until(() -> running.get() == 3);
            assertThat(writes.inFlight()).hasSize(5);
            release.countDown();
            await().until(() -> writes.inFlight().isEmpty());
            assertThat(running.get()).isEqualTo(5);
            assertThat(triggers.get()).isZero();
            assertThat(retries.get()).isZero();
        }
    }

    @Test
    void aKeyWantedAgainWhileItsWriteRunsIsSkippedAndTheLoopTriggeredWhenItEnds() throws Exception {
        // Given: a write of k that blocks
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        try (KeyedWrites writes = writes(2)) {
            writes.submit("k", () -> {
                awaitQuietly(release);
                written.incrementAndGet();
            });

            // When: two later passes want k written again meanwhile
            boolean second = writes.submit("k", written::incrementAndGet);
            boolean third = writes.submit("k", written::incrementAndGet);

            // Then: they are skipped, nothing runs twice at once, and one trigger follows the running write's end
            assertThat(second).isFalse();
            assertThat(third).isFalse();
            assertThat(triggers.get()).isZero();
            release.countDown();
            await().until(() -> triggers.get() == 1);
            assertThat(written.get()).isEqualTo(1);
            assertThat(writes.inFlight()).isEmpty();
            // and k can be written again
            assertThat(writes.submit("k", written::incrementAndGet)).isTrue();
            await().until(() -> written.get() == 2 && writes.inFlight().isEmpty());
            // a write nobody skipped triggers nothing
            assertThat(triggers.get()).isEqualTo(1);
        }
    }

    @Test
    void aFailedWriteIsReportedWithItsKeyAndTheLoopAskedToRetry() {
        try (KeyedWrites writes = writes(2)) {
            // When
            writes.submit("ns/name", () -> {
                throw new IllegalStateException("409 conflict");
            });

            // Then
            await().until(() -> retries.get() == 1);
            assertThat(failures).containsExactly("ns/name: 409 conflict");
            assertThat(writes.inFlight()).isEmpty();
            assertThat(triggers.get()).isZero();
        }
    }

    @Test
    void nothingStartsAfterClose() {
        KeyedWrites writes = writes(1);
        writes.close();
        AtomicInteger written = new AtomicInteger();
        assertThat(writes.submit("k", written::incrementAndGet)).isFalse();
        assertThat(writes.inFlight()).isEmpty();
        assertThat(written.get()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
