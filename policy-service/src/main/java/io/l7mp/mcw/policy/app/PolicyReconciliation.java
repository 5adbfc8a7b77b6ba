package io.l7mp.mcw.policy.app;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.StatePublisher;
import io.l7mp.mcw.policy.domain.ObservedPolicy;
import io.l7mp.mcw.policy.domain.PolicyChange;
import io.l7mp.mcw.policy.domain.PolicyPlanner;
import io.l7mp.mcw.policy.domain.PolicyStatus;
import io.l7mp.mcw.policy.domain.PolicyValidator;
import io.l7mp.mcw.policy.domain.StatusPlanner;
import io.l7mp.mcw.policy.domain.Verdict;

/**
 * One reconciliation pass: validate all WANPolicies, publish the difference between the desired
 * events and the topic, write the statuses that changed. Plain Java over four ports so that the
 * restart rules can be tested without Kafka or an API server; {@link PolicyReconciler} runs it on a
 * single thread.
 *
 * <p>
 * Nothing happens before the informer has synced and the topic view has caught up: with a partial
 * view of either side, the difference would tombstone live policies or re-publish existing ones.
 * Records sent but not yet seen by the topic reader are remembered ("in flight") and overlaid on the
 * view ({@link StatePublisher}), so a pass that runs before the reader catches up with our own writes does not send
 * them again.
 */
public final class PolicyReconciliation {
    private static final Logger LOGGER = Logger.getLogger(PolicyReconciliation.class);

    /** The WANPolicies of the cluster (an informer cache). */
    public interface PolicySource {
        boolean synced();

        List<ObservedPolicy> policies();
    }

    /** What the policies topic holds (a state-topic view). */
    public interface EventView {
        boolean caughtUp();

        Map<String, PolicyEvent> events();
    }

    /** Writes one record to the policies topic; the stage completes when the broker has it. */
    public interface EventSink {
        CompletionStage<Void> send(PolicyChange change);
    }

    /** Writes a policy's status; throws when the write failed for good. */
    public interface StatusSink {
        void write(String name, PolicyStatus status);
    }

    /**
     * @param ready false when the pass did nothing because an input was not synced yet
     * @param retry true when some write failed and the pass should run again later
     */
    public record Result(boolean ready, int accepted, int rejected, int sent, int statusWrites, boolean retry) {
        static final Result NOT_READY = new Result(false, 0, 0, 0, 0, false);
    }

    private final String cluster;
    private final PolicySource source;
    private final EventView view;
    private final EventSink events;
    private final StatusSink statuses;
    private final Clock clock;
    private final StatePublisher<PolicyEvent> publisher;
    private final Map<String, String> lastDecision = new HashMap<>();
    /** The cluster left the clusterset under this id (it changed while running): publish nothing, withdraw all. */
    private volatile boolean withdrawn;

    /**
     * @param onSendFailure called (on a Kafka thread) when a record could not be written, to schedule a new pass
     */
    public PolicyReconciliation(String cluster, PolicySource source, EventView view, EventSink events,
            StatusSink statuses, Clock clock, Runnable onSendFailure) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.source = source;
        this.view = view;
        this.events = events;
        this.statuses = statuses;
        this.clock = clock;
        this.publisher = new StatePublisher<>("the policies topic", key -> PolicyPlanner.ownKey(cluster, key),
                (key, event) -> events.send(event == null ? new PolicyChange.Tombstone(key)
                        : new PolicyChange.Publish(event)),
                onSendFailure);
    }

    /**
     * From now on, withdraws every policy event published under this cluster's id instead of publishing: the id
     * changed while the service runs (KEP-2149 keeps it unchanged during membership). WANPolicy statuses are still
     * written: whether a policy is valid does not depend on the id.
     */
    public void withdraw() {
        withdrawn = true;
    }

    /** Runs one pass; not thread-safe: call it from one thread. */
    public Result reconcile() {
        if (!source.synced() || !view.caughtUp()) {
            return Result.NOT_READY;
        }
        List<ObservedPolicy> observed = source.policies();
        SortedMap<String, Verdict> verdicts = PolicyValidator
                .validate(observed.stream().map(ObservedPolicy::definition).toList());
        logDecisions(verdicts);
        Map<String, PolicyEvent> desired = withdrawn ? Map.of() : PolicyPlanner.desired(cluster, verdicts);
        List<PolicyChange> changes = PolicyPlanner.changes(cluster, desired, actual());
        changes.forEach(this::send);
        int written = 0;
        boolean retry = false;
        for (ObservedPolicy policy : observed) {
            Optional<PolicyStatus> next = StatusPlanner.next(verdicts.get(policy.definition().name()), policy.status(),
                    clock.instant());
            if (next.isPresent()) {
                if (writeStatus(policy.definition().name(), next.get())) {
                    written++;
                } else {
                    retry = true;
                }
            }
        }
        long accepted = verdicts.values().stream().filter(Verdict::accepted).count();
        return new Result(true, (int) accepted, verdicts.size() - (int) accepted, changes.size(), written, retry);
    }

    /** The topic view of this cluster's keys, with the records we sent and the reader has not seen yet. */
    private Map<String, PolicyEvent> actual() {
        return publisher.actual(view.events());
    }

    private void send(PolicyChange change) {
        if (change instanceof PolicyChange.Publish p) {
            LOGGER.infof("publishing policy event key=%s tunnel=%s port=%d generation=%d", p.key(), p.event().tunnel(),
                    p.event().port(), p.event().generation());
            publisher.send(new StatePublisher.Change<>(p.key(), Optional.of(p.event())));
        } else {
            LOGGER.infof("publishing tombstone key=%s (policy deleted or no longer accepted)", change.key());
            publisher.send(new StatePublisher.Change<>(change.key(), Optional.empty()));
        }
    }

    private boolean writeStatus(String name, PolicyStatus status) {
        try {
            statuses.write(name, status);
            return true;
        } catch (RuntimeException e) {
            LOGGER.warnf("cannot write status of WANPolicy name=%s: %s; will retry", name, e.getMessage());
            return false;
        }
    }

    /** One log line per accept/reject, when the decision for a policy differs from the last one logged. */
    private void logDecisions(SortedMap<String, Verdict> verdicts) {
        lastDecision.keySet().retainAll(verdicts.keySet());
        verdicts.forEach((name, v) -> {
            String decision = v.reason() + ": " + v.message();
            if (!decision.equals(lastDecision.put(name, decision))) {
                if (v.accepted()) {
                    LOGGER.infof("accepted WANPolicy name=%s reason=%s message=\"%s\"", name, v.reason(), v.message());
                } else {
                    LOGGER.infof("rejected WANPolicy name=%s reason=%s message=\"%s\"", name, v.reason(), v.message());
                }
            }
        });
    }
}
