package io.l7mp.mcw.policy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.policy.domain.ObservedPolicy;
import io.l7mp.mcw.policy.domain.PolicyChange;
import io.l7mp.mcw.policy.domain.PolicyDefinition;
import io.l7mp.mcw.policy.domain.PolicyStatus;

/** The restart and idempotence rules of a reconciliation pass, with in-memory ports. */
class PolicyReconciliationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private final Policies policies = new Policies();
    private final Topic topic = new Topic();
    private final Map<String, PolicyStatus> statuses = new LinkedHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final PolicyReconciliation reconciliation = new PolicyReconciliation("cluster-1", policies, topic, topic,
            this::writeStatus, CLOCK, retries::incrementAndGet);

    @Test
    void doesNothingBeforeBothSidesHaveSynced() {
        // Given a stale event on the topic and a policy in the API
        topic.view.put("cluster-1/stale", event("stale", "business", 31111));
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));

        // When the informer has synced but the reader has not caught up, and the other way round
        topic.caughtUp = false;
        PolicyReconciliation.Result first = reconciliation.reconcile();
        topic.caughtUp = true;
        policies.synced = false;
        PolicyReconciliation.Result second = reconciliation.reconcile();

        // Then
        assertThat(first.ready()).isFalse();
        assertThat(second.ready()).isFalse();
        assertThat(topic.sent).isEmpty();
        assertThat(statuses).isEmpty();
    }

    @Test
    void atStartTombstonesPoliciesDeletedWhileDownAndKeepsTheRest() {
        // Given the topic as the service left it, and the API without "gone"
        topic.view.put("cluster-1/high", event("high", "business", 31111));
        topic.view.put("cluster-1/gone", event("gone", "internet", 31112));
        topic.view.put("cluster-2/gone", new PolicyEvent("cluster-2", "gone", "internet", 31112, null, null, null,
                null, 1));
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));

        // When
        PolicyReconciliation.Result result = reconciliation.reconcile();

        // Then only this cluster's stale key is tombstoned, and nothing is re-published
        assertThat(topic.sent).containsExactly(new PolicyChange.Tombstone("cluster-1/gone"));
        assertThat(result.accepted()).isEqualTo(1);
        assertThat(statuses.get("high").accepted().status()).isEqualTo("True");
    }

    @Test
    void aWithdrawnClusterTombstonesItsPoliciesAndStillWritesTheirStatus() {
        // Given: published
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        reconciliation.reconcile();
        topic.deliver();

        // When: the cluster id changed
        reconciliation.withdraw();
        PolicyReconciliation.Result result = reconciliation.reconcile();
        topic.deliver();
        reconciliation.reconcile();

        // Then
        assertThat(topic.sent).containsExactly(new PolicyChange.Publish(event("high", "business", 31111)),
                new PolicyChange.Tombstone("cluster-1/high"));
        assertThat(result.accepted()).isEqualTo(1);
        assertThat(statuses.get("high").accepted().status()).isEqualTo("True");
    }

    @Test
    void recordsInFlightAreNotSentTwice() {
        // Given
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        reconciliation.reconcile();

        // When a second pass runs before the reader has seen the first pass's record
        reconciliation.reconcile();
        topic.deliver();
        reconciliation.reconcile();

        // Then
        assertThat(topic.sent).containsExactly(new PolicyChange.Publish(event("high", "business", 31111)));
    }

    @Test
    void failedSendIsRetriedByTheNextPass() {
        // Given
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        topic.failNext = true;

        // When
        reconciliation.reconcile();
        reconciliation.reconcile();

        // Then
        assertThat(retries).hasValue(1);
        assertThat(topic.sent).hasSize(2).allMatch(c -> c.key().equals("cluster-1/high"));
    }

    @Test
    void deletingTheOlderPolicyAcceptsAndPublishesTheConflictingOne() {
        // Given
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        policies.add(PolicyDefinition.of("taken", T0.plusSeconds(60), "internet", 31111));
        reconciliation.reconcile();
        topic.deliver();
        assertThat(statuses.get("taken").accepted().reason()).isEqualTo("PortConflict");

        // When
        policies.remove("high");
        PolicyReconciliation.Result result = reconciliation.reconcile();

        // Then
        assertThat(topic.sent).containsExactly(new PolicyChange.Publish(event("high", "business", 31111)),
                new PolicyChange.Tombstone("cluster-1/high"), new PolicyChange.Publish(event("taken", "internet", 31111)));
        assertThat(statuses.get("taken").accepted().status()).isEqualTo("True");
        assertThat(result.rejected()).isZero();
    }

    @Test
    void becomingInvalidTombstonesTheEvent() {
        // Given
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        reconciliation.reconcile();
        topic.deliver();

        // When
        policies.add(PolicyDefinition.of("high", T0, "business", 70000).withGeneration(2L));
        reconciliation.reconcile();

        // Then
        assertThat(topic.sent).last().isEqualTo(new PolicyChange.Tombstone("cluster-1/high"));
        assertThat(statuses.get("high").accepted().reason()).isEqualTo("InvalidPort");
        assertThat(statuses.get("high").observedGeneration()).isEqualTo(2L);
    }

    @Test
    void statusIsWrittenOnlyWhenItChanges() {
        // Given
        policies.add(PolicyDefinition.of("high", T0, "business", 31111));
        PolicyReconciliation.Result first = reconciliation.reconcile();

        // When
        PolicyReconciliation.Result second = reconciliation.reconcile();

        // Then
        assertThat(first.statusWrites()).isEqualTo(1);
        assertThat(second.statusWrites()).isZero();
    }

    @Test
    void failedStatusWriteAsksForARetry() {
        // Given
        policies.add(PolicyDefinition.of("broken", T0, "business", 31111));

        // When
        PolicyReconciliation.Result result = reconciliation.reconcile();

        // Then
        assertThat(result.retry()).isTrue();
        assertThat(statuses).doesNotContainKey("broken");
    }

    private void writeStatus(String name, PolicyStatus status) {
        if (name.equals("broken")) {
            throw new IllegalStateException("409 three times");
        }
        statuses.put(name, status);
        policies.statusOf.put(name, status);
    }

    private static PolicyEvent event(String name, String tunnel, int port) {
        return new PolicyEvent("cluster-1", name, tunnel, port, null, null, null, null, 1);
    }

    /** The informer cache. */
    private static final class Policies implements PolicyReconciliation.PolicySource {
        final Map<String, PolicyDefinition> definitions = new LinkedHashMap<>();
        final Map<String, PolicyStatus> statusOf = new HashMap<>();
        boolean synced = true;

        void add(PolicyDefinition p) {
            definitions.put(p.name(), p);
        }

        void remove(String name) {
            definitions.remove(name);
            statusOf.remove(name);
        }

        @Override
        public boolean synced() {
            return synced;
        }

        @Override
        public List<ObservedPolicy> policies() {
            return definitions.values().stream().map(d -> new ObservedPolicy(d, statusOf.get(d.name()))).toList();
        }
    }

    /** The policies topic: records sent are only visible in the view after {@link #deliver()}. */
    private static final class Topic implements PolicyReconciliation.EventView, PolicyReconciliation.EventSink {
        final Map<String, PolicyEvent> view = new HashMap<>();
        final List<PolicyChange> sent = new ArrayList<>();
        final List<PolicyChange> undelivered = new ArrayList<>();
        boolean caughtUp = true;
        boolean failNext;

        @Override
        public boolean caughtUp() {
            return caughtUp;
        }

        @Override
        public Map<String, PolicyEvent> events() {
            return Map.copyOf(view);
        }

        @Override
        public CompletionStage<Void> send(PolicyChange change) {
            sent.add(change);
            if (failNext) {
                failNext = false;
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            undelivered.add(change);
            return CompletableFuture.completedFuture(null);
        }

        void deliver() {
            for (PolicyChange c : undelivered) {
                if (c instanceof PolicyChange.Publish p) {
                    view.put(p.key(), p.event());
                } else {
                    view.remove(c.key());
                }
            }
            undelivered.clear();
        }
    }
}
