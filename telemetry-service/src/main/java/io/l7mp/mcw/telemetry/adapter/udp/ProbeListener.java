package io.l7mp.mcw.telemetry.adapter.udp;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.telemetry.domain.EchoOutcome;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.l7mp.mcw.telemetry.domain.Publication;
import io.l7mp.mcw.telemetry.domain.TunnelAssessment;

/**
 * What the {@link TunnelProber} tells the rest of the service: publishing, metrics, logs, the gRPC view. Every method
 * is called on the prober's event loop and must not block.
 */
public interface ProbeListener {
    /** The tunnel {@code key} is probed from now on; the returned listener hears about it until it is closed. */
    TunnelListener probing(String key, ProbeTarget target);

    /** The tunnel {@code key} is not probed any more: publish its tombstone. Completes when the broker has it. */
    CompletionStage<Void> stopped(String key);

    /**
     * The tunnel {@code key} is not probed because of its address (outside {@code mcw.network.allowed-cidrs}, not
     * resolvable, ...): nothing is sent to it and nothing is published for it. Called once per new reason.
     */
    void refused(String key, ProbeTarget target, String reason);

    /** Why a datagram is ignored: not a probe echo. */
    String UNDECODABLE = "undecodable";
    /** Why a datagram is ignored: from no tunnel's peer. */
    String UNKNOWN_SENDER = "unknown_sender";
    /** Every reason {@link #ignored} is called with. */
    List<String> IGNORED_REASONS = List.of(UNDECODABLE, UNKNOWN_SENDER);

    /** A datagram was ignored: {@link #UNDECODABLE} or {@link #UNKNOWN_SENDER}. */
    void ignored(String reason);

    /** One tunnel's probes and health. */
    interface TunnelListener {
        void probeSent();

        void echo(EchoOutcome outcome);

        /** Every evaluation of the tunnel; {@code previous} is its state before this one. */
        void assessed(TunnelAssessment assessment, TunnelState previous);

        /** Publishes the tunnel's health; completes when the broker has it, exceptionally when the send failed. */
        CompletionStage<Void> publish(TunnelHealthEvent event, Publication.Cause cause);

        /** The tunnel is no longer probed (or is probed afresh at another address): drop its gauges. */
        void closed();
    }
}
