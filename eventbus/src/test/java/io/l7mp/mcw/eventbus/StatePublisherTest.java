package io.l7mp.mcw.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The diff and the in-flight overlay every service's state topic goes through, with an in-memory sink. */
class StatePublisherTest {
    private final List<StatePublisher.Change<String>> sent = new ArrayList<>();
    private final List<CompletableFuture<Void>> acks = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final StatePublisher<String> publisher = new StatePublisher<>("t", key -> key.startsWith("c1/"),
            (key, event) -> {
                sent.add(new StatePublisher.Change<>(key, Optional.ofNullable(event)));
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks.add(ack);
                return ack;
            }, failures::incrementAndGet);

    @Test
    void publishesWhatDiffersAndTombstonesWhatIsNoLongerWantedButNeverTouchesOtherClustersKeys() {
        // Given: the view holds c1/a (old), c1/b and another cluster's c2/a
        Map<String, String> view = Map.of("c1/a", "a1", "c1/b", "b1", "c2/a", "x");

        // When: c1/a (new) and nothing else is wanted
        List<StatePublisher.Change<String>> changes = publisher.sync(Map.of("c1/a", "a2"), view);

        // Then
        assertThat(changes).containsExactly(new StatePublisher.Change<>("c1/a", Optional.of("a2")),
                new StatePublisher.Change<>("c1/b", Optional.empty()));
        assertThat(sent).isEqualTo(changes);
    }

    @Test
    void sendsNothingWhenTheViewAlreadyHoldsWhatIsWanted() {
        // When
        List<StatePublisher.Change<String>> changes = publisher.sync(Map.of("c1/a", "a1"), Map.of("c1/a", "a1"));

        // Then
        assertThat(changes).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void doesNotRepeatASendThatIsOnItsWayAndSendsAgainAfterALaterChangeOfMind() {
        // Given: a2 was sent, the view still shows a1
        publisher.sync(Map.of("c1/a", "a2"), Map.of("c1/a", "a1"));

        // When: a second pass runs before the reader has seen it, then the view shows it
        List<StatePublisher.Change<String>> beforeReadBack = publisher.sync(Map.of("c1/a", "a2"),
                Map.of("c1/a", "a1"));
        Map<String, String> readBack = Map.of("c1/a", "a2");
        Map<String, String> actual = publisher.actual(readBack);
        List<StatePublisher.Change<String>> changeOfMind = publisher.sync(Map.of("c1/a", "a1"), readBack);

        // Then
        assertThat(beforeReadBack).isEmpty();
        assertThat(actual).containsExactly(Map.entry("c1/a", "a2"));
        assertThat(changeOfMind).containsExactly(new StatePublisher.Change<>("c1/a", Optional.of("a1")));
    }

    @Test
    void aRefusedRecordIsForgottenAndReportedSoTheNextPassSendsItAgain() {
        // Given
        publisher.sync(Map.of("c1/a", "a1"), Map.of());

        // When: the broker refuses it
        acks.get(0).completeExceptionally(new IllegalStateException("broker down"));
        List<StatePublisher.Change<String>> next = publisher.sync(Map.of("c1/a", "a1"), Map.of());

        // Then
        assertThat(failures).hasValue(1);
        assertThat(next).containsExactly(new StatePublisher.Change<>("c1/a", Optional.of("a1")));
    }

    @Test
    void aSinkThatThrowsCountsAsARefusal() {
        // Given
        StatePublisher<String> throwing = new StatePublisher<>("t", key -> true, (key, event) -> {
            throw new IllegalStateException("emitter buffer full");
        }, failures::incrementAndGet);

        // When
        throwing.sync(Map.of("c1/a", "a1"), Map.of());

        // Then
        assertThat(failures).hasValue(1);
        assertThat(throwing.actual(new HashMap<>())).isEmpty();
    }
}
