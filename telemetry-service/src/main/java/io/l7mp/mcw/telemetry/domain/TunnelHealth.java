package io.l7mp.mcw.telemetry.domain;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * The state machine of one tunnel's health (DESIGN D5):
 *
 * <pre>
 * from             to        when
 * any              DOWN      downAfter probes in a row timed out
 * UNKNOWN          UP/DEG.   a probe was answered
 * DOWN             UP/DEG.   upAfter probes in a row answered (late answers count)
 * UP, DEGRADED     UP/DEG.   otherwise: DEGRADED when the figures break the SLA of a policy that uses the tunnel
 * </pre>
 *
 * Every policy given is judged (with the recovery-margin hysteresis, see {@link SlaJudge}), those that do not use the
 * tunnel too, so that the gateway knows which policies this tunnel could carry on failover; only those that use it
 * can make it DEGRADED. In DOWN every verdict is broken ({@code tunnel DOWN: 5 probes in a row lost}); in UNKNOWN
 * every verdict is met, as an unknown tunnel is given the benefit of the doubt ({@link TunnelState#carriesTraffic()}).
 * <p>
 * Wall-clock time is passed in; nothing here reads a clock. Not thread-safe: one thread owns it, the one that owns
 * the tunnel's {@link TunnelProbes}.
 */
public final class TunnelHealth {
    private final ProbeSettings settings;
    private final SlaJudge judge;
    private TunnelState state = TunnelState.UNKNOWN;
    private Instant since;

    /** A tunnel in state UNKNOWN since {@code createdAt}. */
    public TunnelHealth(ProbeSettings settings, Instant createdAt) {
        if (settings == null || createdAt == null) {
            throw new IllegalArgumentException("TunnelHealth needs settings and a creation time, got settings="
                    + settings + " createdAt=" + createdAt);
        }
        this.settings = settings;
        this.judge = new SlaJudge(settings.slaRecoveryMargin());
        this.since = createdAt;
    }

    /**
     * Classifies the tunnel on {@code status} against the destination cluster's accepted {@code policies} (one verdict
     * each, same order), at wall-clock time {@code now}.
     */
    public TunnelAssessment evaluate(ProbeStatus status, List<TunnelPolicy> policies, Instant now) {
        List<TunnelPolicy> judged = List.copyOf(policies);
        Outcome outcome = switch (phase(status)) {
            case DOWN -> down(status, judged);
            case UNKNOWN -> unknown(status, judged);
            case ANSWERING -> answering(status, judged);
        };
        if (outcome.state != state) {
            state = outcome.state;
            since = now;
        }
        return new TunnelAssessment(state, outcome.reason, status.figures(), outcome.verdicts, since, now);
    }

    /** The state of the last evaluation. */
    public TunnelState state() {
        return state;
    }

    /** When the tunnel entered {@link #state()}. */
    public Instant since() {
        return since;
    }

    private Phase phase(ProbeStatus status) {
        if (status.timedOutRun() >= settings.downAfter()) {
            return Phase.DOWN;
        }
        return switch (state) {
            case UNKNOWN -> status.everAnswered() ? Phase.ANSWERING : Phase.UNKNOWN;
            case DOWN -> status.answeredRun() >= settings.upAfter() ? Phase.ANSWERING : Phase.DOWN;
            case UP, DEGRADED -> Phase.ANSWERING;
        };
    }

    private Outcome down(ProbeStatus status, List<TunnelPolicy> policies) {
        String reason = status.timedOutRun() > 0 ? lostInARow(status.timedOutRun())
                : probes(status.answeredRun()) + " answered in a row, " + settings.upAfter() + " needed to leave DOWN";
        List<SlaVerdict> verdicts = policies.stream()
                .map(policy -> new SlaVerdict(policy.name(), false, List.of("tunnel DOWN: " + reason))).toList();
        return new Outcome(TunnelState.DOWN, reason, verdicts);
    }

    private Outcome unknown(ProbeStatus status, List<TunnelPolicy> policies) {
        String reason = status.timedOutRun() > 0 ? "no probe answered yet, " + lostInARow(status.timedOutRun())
                : "no probe answered yet";
        List<SlaVerdict> verdicts = policies.stream()
                .map(policy -> new SlaVerdict(policy.name(), true, List.of())).toList();
        return new Outcome(TunnelState.UNKNOWN, reason, verdicts);
    }

    private Outcome answering(ProbeStatus status, List<TunnelPolicy> policies) {
        int samples = status.figures().samples();
        if (samples < settings.slaMinSamples()) {
            List<SlaVerdict> verdicts = policies.stream()
                    .map(policy -> new SlaVerdict(policy.name(), true, List.of())).toList();
            return new Outcome(TunnelState.UP, "answering; its SLA is judged once " + settings.slaMinSamples()
                    + " probes are decided (" + samples + " so far)", verdicts);
        }
        List<SlaVerdict> verdicts = judge.judge(policies, status.figures());
        List<String> broken = brokenByUsers(policies, verdicts);
        if (broken.isEmpty()) {
            return new Outcome(TunnelState.UP, "meets the SLA of every policy that uses it", verdicts);
        }
        return new Outcome(TunnelState.DEGRADED, "breaks the SLA of " + String.join("; of ", broken), verdicts);
    }

    /** {@code policy: violation, violation} for each policy that uses the tunnel and whose SLA it breaks. */
    private static List<String> brokenByUsers(List<TunnelPolicy> policies, List<SlaVerdict> verdicts) {
        return IntStream.range(0, policies.size())
                .filter(i -> policies.get(i).usesTunnel() && !verdicts.get(i).satisfied())
                .mapToObj(i -> verdicts.get(i).policy() + ": " + String.join(", ", verdicts.get(i).violations()))
                .toList();
    }

    private static String lostInARow(int count) {
        return probes(count) + " in a row lost";
    }

    private static String probes(int count) {
        return count == 1 ? "1 probe" : count + " probes";
    }

    /** What the probes alone say, before the SLA is looked at. */
    private enum Phase {
        UNKNOWN,
        DOWN,
        ANSWERING
    }

    private record Outcome(TunnelState state, String reason, List<SlaVerdict> verdicts) {
    }
}
