package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.gateway.adapter.http.SpliceState.Closed;
import io.l7mp.mcw.gateway.adapter.http.SpliceState.Event;
import io.l7mp.mcw.gateway.adapter.http.SpliceState.Forwarding;
import io.l7mp.mcw.gateway.adapter.http.SpliceState.HalfClosed;
import io.l7mp.mcw.gateway.adapter.http.SpliceState.Side;

/** Every transition of a TCP splice's state, without sockets. */
class SpliceStateTest {
    private static final IOException RESET = new IOException("Connection reset by peer");

    static Stream<Arguments> transitions() {
        return Stream.of(
                // a FIN from one side half-closes; from the other side then, it ends both directions
                Arguments.of(new Forwarding(), new Event.InputEnded(Side.CLIENT), new HalfClosed(Side.CLIENT)),
                Arguments.of(new Forwarding(), new Event.InputEnded(Side.UPSTREAM), new HalfClosed(Side.UPSTREAM)),
                Arguments.of(new HalfClosed(Side.CLIENT), new Event.InputEnded(Side.UPSTREAM), new Closed(null)),
                Arguments.of(new HalfClosed(Side.UPSTREAM), new Event.InputEnded(Side.CLIENT), new Closed(null)),
                // a connection that closes or fails ends the splice, half-closed or not, with its cause
                Arguments.of(new Forwarding(), new Event.Gone(Side.CLIENT, null), new Closed(null)),
                Arguments.of(new Forwarding(), new Event.Gone(Side.UPSTREAM, RESET), new Closed(RESET)),
                Arguments.of(new HalfClosed(Side.CLIENT), new Event.Gone(Side.CLIENT, RESET), new Closed(RESET)),
                Arguments.of(new Forwarding(), new Event.Idle(RESET), new Closed(RESET)),
                Arguments.of(new HalfClosed(Side.UPSTREAM), new Event.Idle(RESET), new Closed(RESET)));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void movesOn(SpliceState before, Event event, SpliceState after) {
        // When / Then
        assertThat(SpliceState.on(before, event)).isEqualTo(after);
    }

    @Test
    void aSecondFinFromTheSameSideChangesNothing() {
        // Given
        SpliceState half = new HalfClosed(Side.CLIENT);

        // When / Then: the same instance, so the splice does nothing a second time
        assertThat(SpliceState.on(half, new Event.InputEnded(Side.CLIENT))).isSameAs(half);
    }

    @Test
    void nothingMovesAClosedSplice() {
        // Given
        SpliceState closed = new Closed(null);

        // When / Then
        assertThat(SpliceState.on(closed, new Event.InputEnded(Side.UPSTREAM))).isSameAs(closed);
        assertThat(SpliceState.on(closed, new Event.Gone(Side.CLIENT, RESET))).isSameAs(closed);
        assertThat(SpliceState.on(closed, new Event.Idle(RESET))).isSameAs(closed);
    }
}
