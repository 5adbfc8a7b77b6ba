package io.l7mp.mcw.export.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;

class EventDiffTest {
    private static final ExportEvent A = event("a", 1);
    private static final ExportEvent A2 = event("a", 2);
    private static final ExportEvent B = event("b", 1);

    @Test
    void publishesWhatDiffersAndTombstonesWhatIsNoLongerDesired() {
        // Given: the view holds a (old) and b; a (new) and nothing else are desired
        Map<String, ExportEvent> actual = Map.of(A.key(), A, B.key(), B);

        // When
        List<EventDiff.Change> changes = EventDiff.changes(Map.of(A2.key(), A2), actual, Map.of());

        // Then
        assertThat(changes).containsExactly(new EventDiff.Change(A2.key(), Optional.of(A2)),
                new EventDiff.Change(B.key(), Optional.empty()));
    }

    @Test
    void sendsNothingWhenTheViewAlreadyHoldsTheDesiredEvents() {
        // Given
        Map<String, ExportEvent> actual = Map.of(A.key(), A);

        // When
        List<EventDiff.Change> changes = EventDiff.changes(Map.of(A.key(), A), actual, Map.of());

        // Then
        assertThat(changes).isEmpty();
    }

    @Test
    void doesNotRepeatASendThatIsOnItsWayAndForgetsItOnceSeen() {
        // Given: a2 was sent, the view still shows a
        Map<String, Optional<ExportEvent>> inFlight = new HashMap<>(Map.of(A2.key(), Optional.of(A2)));

        // When
        List<EventDiff.Change> beforeReadBack = EventDiff.changes(Map.of(A2.key(), A2), Map.of(A.key(), A), inFlight);
        EventDiff.settle(inFlight, Map.of(A2.key(), A2));

        // Then
        assertThat(beforeReadBack).isEmpty();
        assertThat(inFlight).isEmpty();
    }

    private static ExportEvent event(String name, int ready) {
        return new ExportEvent("cluster-1", "ns", name, "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)),
                new ExportedPolicy("p", "business", 31111, null, null), "127.0.0.1", ready,
                Instant.parse("2026-11-27T10:00:00Z"));
    }
}
