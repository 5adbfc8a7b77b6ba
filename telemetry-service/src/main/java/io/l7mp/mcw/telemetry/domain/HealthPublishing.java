package io.l7mp.mcw.telemetry.domain;

import java.time.Duration;
import java.util.List;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * When to publish one tunnel's health event (DESIGN D5): at once when it changed since the last published one,
 * otherwise once the periodic interval has passed since then.
 * <p>
 * A change is a change of state, of the address or port probed, or of a verdict: which policies are judged, whether
 * each is met, and which bounds (latency, jitter, loss) each breaks. The figures quoted in a violation's text are
 * not a change, nor are the figures themselves: they go out with the next periodic event, so a figure hovering at a
 * rounding step cannot make a storm of events. Published figures are rounded to two significant digits.
 * <p>
 * Time is the caller's monotonic clock in nanoseconds. Not thread-safe: one thread owns it (one instance per tunnel).
 * {@link #decide} assumes that a {@link Publication.Publish} it returns is published; when a send fails, the caller
 * says so with {@link #sendFailed()} and the next decision publishes again, so that no change is lost.
 */
public final class HealthPublishing {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final long intervalNanos;
    private Signature lastSignature;
    private long lastNanos;
    private boolean resend;

    public HealthPublishing(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("HealthPublishing interval is " + interval
                    + ", expected a positive duration");
        }
        this.intervalNanos = interval.toNanos();
    }

    /** Whether to publish {@code candidate}, the tunnel's latest health, at {@code nowNanos}. */
    public Publication decide(TunnelHealthEvent candidate, long nowNanos) {
        Signature signature = Signature.of(candidate);
        Publication.Cause cause;
        if (lastSignature == null) {
            cause = Publication.Cause.FIRST;
        } else if (!signature.equals(lastSignature)) {
            cause = Publication.Cause.CHANGED;
        } else if (resend) {
            cause = Publication.Cause.RETRY;
        } else if (nowNanos - lastNanos >= intervalNanos) {
            cause = Publication.Cause.PERIODIC;
        } else {
            return new Publication.Hold();
        }
        lastSignature = signature;
        lastNanos = nowNanos;
        resend = false;
        return new Publication.Publish(rounded(candidate), cause);
    }

    /**
     * A publication this instance asked for did not reach the topic (whichever it was: the latest state is what counts):
     * the next {@link #decide} publishes, whether anything changed or not.
     */
    public void sendFailed() {
        resend = true;
    }

    private static TunnelHealthEvent rounded(TunnelHealthEvent event) {
        return new TunnelHealthEvent(event.sourceCluster(), event.destinationCluster(), event.tunnel(),
                event.address(), event.port(), event.state(), event.reason(), event.figures().rounded(), event.sla(),
                event.since(), event.measuredAt());
    }

    /** What must differ for an event to be a change. */
    private record Signature(TunnelState state, String address, int port, List<VerdictSignature> verdicts) {
        static Signature of(TunnelHealthEvent event) {
            return new Signature(event.state(), event.address(), event.port(),
                    event.sla().stream().map(VerdictSignature::of).toList());
        }
    }

    /** A verdict without the figures of its text: the bounds broken are the first word of each violation. */
    private record VerdictSignature(String policy, boolean satisfied, List<String> boundsBroken) {
        static VerdictSignature of(SlaVerdict verdict) {
            return new VerdictSignature(verdict.policy(), verdict.satisfied(),
                    verdict.violations().stream().map(violation -> violation.split(" ", 2)[0]).toList());
        }
    }
}
