package io.l7mp.mcw.telemetry.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** What the gRPC API reads: the latest health per tunnel, and watches that start with it. */
class TunnelHealthBoardTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    final TunnelHealthBoard board = new TunnelHealthBoard();

    @Test
    void theBoardHoldsTheLatestEventPerTunnelSortedByKey() {
        // Given
        board.published(event("cluster-3", TunnelState.UP));
        board.published(event("cluster-2", TunnelState.UP));

        // When
        board.published(event("cluster-3", TunnelState.DOWN));

        // Then
        assertThat(board.tunnels()).containsExactly(event("cluster-2", TunnelState.UP),
                event("cluster-3", TunnelState.DOWN));
    }

    @Test
    void aWatchStartsWithTheCurrentHealthThenFollowsPublicationsAndRemovals() {
        // Given
        board.published(event("cluster-2", TunnelState.UP));
        AssertSubscriber<TunnelHealthBoard.Update> watcher = board.watch()
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        // When
        board.published(event("cluster-2", TunnelState.DOWN));
        board.removed("cluster-1/cluster-2/business");
        board.removed("cluster-1/cluster-9/business");

        // Then
        assertThat(watcher.getItems()).containsExactly(
                new TunnelHealthBoard.Update.Health(event("cluster-2", TunnelState.UP), true),
                new TunnelHealthBoard.Update.Health(event("cluster-2", TunnelState.DOWN), false),
                new TunnelHealthBoard.Update.Removed("cluster-1/cluster-2/business"));
        assertThat(board.tunnels()).isEmpty();
    }

    @Test
    void aCancelledWatchIsToldNothingMore() {
        // Given
        AssertSubscriber<TunnelHealthBoard.Update> watcher = board.watch()
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        // When
        watcher.cancel();
        board.published(event("cluster-2", TunnelState.UP));

        // Then
        assertThat(watcher.getItems()).isEmpty();
    }

    private static TunnelHealthEvent event(String destination, TunnelState state) {
        return new TunnelHealthEvent("cluster-1", destination, "business", "127.0.0.1", 31111, state, "why",
                TunnelFigures.NONE, List.of(), T0, T0);
    }
}
