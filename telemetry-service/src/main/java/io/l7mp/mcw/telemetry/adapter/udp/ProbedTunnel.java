package io.l7mp.mcw.telemetry.adapter.udp;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.probe.TunnelProbe;
import io.l7mp.mcw.telemetry.domain.HealthPublishing;
import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.l7mp.mcw.telemetry.domain.Publication;
import io.l7mp.mcw.telemetry.domain.TunnelAssessment;
import io.l7mp.mcw.telemetry.domain.TunnelHealth;
import io.l7mp.mcw.telemetry.domain.TunnelProbes;

/**
 * One tunnel being probed: its domain objects (probes, health, publishing) and where its probes go. Runs the loop of
 * the domain's package description, one step per call. Confined to the prober's event loop: never shared.
 */
final class ProbedTunnel {
    private final String sourceCluster;
    private final Peer peer;
    private final TunnelProbes probes;
    private final TunnelHealth health;
    private final HealthPublishing publishing;
    private final ProbeListener.TunnelListener listener;
    private final Executor eventLoop;
    private ProbeTarget target;
    private boolean sendFailing;

    /**
     * @param eventLoop runs a task on the prober's event loop: where a failed publication is noted
     */
    ProbedTunnel(String sourceCluster, ProbeTarget target, Peer peer, ProbeSettings settings,
            Duration publishInterval, long firstSequence, Instant now, ProbeListener.TunnelListener listener,
            Executor eventLoop) {
        this.sourceCluster = sourceCluster;
        this.target = target;
        this.peer = peer;
        this.probes = new TunnelProbes(settings, firstSequence);
        this.health = new TunnelHealth(settings, now);
        this.publishing = new HealthPublishing(publishInterval);
        this.listener = listener;
        this.eventLoop = eventLoop;
    }

    Peer peer() {
        return peer;
    }

    ProbeTarget target() {
        return target;
    }

    /** Same address and port, other policies: judged against the new ones from the next evaluation on. */
    void retarget(ProbeTarget changed) {
        this.target = changed;
    }

    /** Settles what is due and makes the probe to send now. */
    TunnelProbe nextProbe(long nowNanos) {
        probes.tick(nowNanos);
        TunnelProbe probe = probes.nextProbe(nowNanos);
        listener.probeSent();
        return probe;
    }

    /** Whether a send of a probe failed: true the first time after a success (log it then, not 50 times a second). */
    boolean sendFailed() {
        boolean first = !sendFailing;
        sendFailing = true;
        return first;
    }

    /** A send succeeded: true when it ends a run of failures. */
    boolean sendSucceeded() {
        boolean recovered = sendFailing;
        sendFailing = false;
        return recovered;
    }

    /** Evaluates the tunnel and publishes its health when the domain says so. */
    void assess(long nowNanos, Instant now) {
        TunnelState previous = health.state();
        TunnelAssessment assessment = health.evaluate(probes.status(), target.policies(), now);
        listener.assessed(assessment, previous);
        if (publishing.decide(assessment.toEvent(sourceCluster, target), nowNanos) instanceof Publication.Publish p) {
            listener.publish(p.event(), p.cause()).whenComplete((done, failure) -> {
                if (failure != null) {
                    eventLoop.execute(publishing::sendFailed);
                }
            });
        }
    }

    /** An echo from this tunnel's peer, received at {@code nowNanos}. */
    void onEcho(TunnelProbe echo, long nowNanos) {
        listener.echo(probes.onEcho(echo, nowNanos));
    }

    void close() {
        listener.closed();
    }
}
