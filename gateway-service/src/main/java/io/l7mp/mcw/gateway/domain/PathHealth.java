package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * What this gateway knows of one path (a tunnel to a destination cluster): what the probes measured, what the data
 * plane saw, and since when it has been healthy, as {@link PathHealthTracker} keeps it.
 *
 * @param state the probes' verdict, or {@code DOWN} while the data plane's own failure mark holds
 * @param reason why, for people
 * @param verdicts the SLA verdict of every policy of the destination cluster on this path
 * @param upSince since when the path has carried traffic without a break; null while it does not
 * @param satisfiedSince per policy whose SLA the path meets: since when it has met it without a break
 */
public record PathHealth(PathKey path, TunnelState state, String reason, TunnelFigures figures,
        List<SlaVerdict> verdicts, Instant upSince, Map<String, Instant> satisfiedSince) {
    public PathHealth {
        figures = figures == null ? TunnelFigures.NONE : figures;
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        satisfiedSince = satisfiedSince == null ? Map.of() : Map.copyOf(satisfiedSince);
        reason = reason == null ? "" : reason;
    }

    /** A path nothing is known of: given the benefit of the doubt, healthy since ever. */
    public static PathHealth unknown(PathKey path) {
        return new PathHealth(path, TunnelState.UNKNOWN, "not measured", TunnelFigures.NONE, List.of(), Instant.EPOCH,
                Map.of());
    }

    public boolean carriesTraffic() {
        return state.carriesTraffic();
    }

    /** The verdict on {@code policy}'s SLA, when the probes judged it. */
    public Optional<SlaVerdict> verdict(String policy) {
        return verdicts.stream().filter(v -> v.policy().equals(policy)).findFirst();
    }

    /** Whether the path carries traffic and meets {@code policy}'s SLA (an SLA not judged yet is given the benefit). */
    public boolean healthyFor(String policy) {
        return carriesTraffic() && verdict(policy).map(SlaVerdict::satisfied).orElse(true);
    }

    /** Since when the path has been healthy for {@code policy} without a break; empty while it is not. */
    public Optional<Instant> healthySince(String policy) {
        if (!healthyFor(policy) || upSince == null) {
            return Optional.empty();
        }
        Instant satisfied = verdict(policy).isPresent() ? satisfiedSince.get(policy) : upSince;
        if (satisfied == null) {
            return Optional.empty();
        }
        return Optional.of(satisfied.isAfter(upSince) ? satisfied : upSince);
    }
}
