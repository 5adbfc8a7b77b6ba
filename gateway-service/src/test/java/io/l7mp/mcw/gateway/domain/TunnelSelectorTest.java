package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * The tunnel-selection rules as a table, with a fixed clock. Cluster-1 has three tunnels: business (31111, policy
 * high, the exports' policy), internet (31112, policy low) and lte (31113, policy lte). A path is written
 * {@code tunnel=STATE[:breaks][@healthy-seconds][~rtt]}: {@code breaks} that it breaks high's SLA, {@code healthy-seconds}
 * how long it has been healthy (default: for ever), {@code rtt} its round-trip time in ms (default 1). A path not
 * written is unknown.
 */
class TunnelSelectorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Sla HIGH_SLA = new Sla(100.0, null, null);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | paths | failover list | hold-down s | current | expected active | expected kind
            "all healthy, nothing chosen yet: own tunnel | business=UP internet=UP | low | 10 | - | business | PREFERRED",
            "own tunnel unknown: given the benefit | internet=UP | low | 10 | - | business | PREFERRED",
            "own tunnel down: failover list | business=DOWN internet=UP | low | 10 | business | internet | FAILOVER",
            "own tunnel breaks the SLA: failover list | business=DEGRADED:breaks internet=UP | low | 10 | business | internet | FAILOVER",
            "failover list before better quality | business=DOWN internet=UP~50 lte=UP~5 | lte | 10 | business | lte | FAILOVER",
            "no failover list: best quality | business=DOWN internet=UP~50 lte=UP~5 | - | 10 | business | lte | FAILOVER",
            "no list, healthy tunnel in use is kept | business=DOWN internet=UP~50 lte=UP~5 | - | 10 | internet | internet | FAILOVER",
            "healthy again within hold-down: stays | business=UP@5 internet=UP | low | 10 | internet | internet | HOLD_DOWN",
            "healthy for the hold-down: fails back | business=UP@10 internet=UP | low | 10 | internet | business | PREFERRED",
            "default hold-down is 30 s | business=UP@29 internet=UP | low | -1 | internet | internet | HOLD_DOWN",
            "hold-down does not keep a broken tunnel | business=UP@5 internet=DOWN | low | 10 | internet | business | PREFERRED",
            "hold-down needs a tunnel in use | business=UP@5 internet=UP | low | 10 | - | business | PREFERRED",
            "every tunnel down: own tunnel | business=DOWN internet=DOWN lte=DOWN | low | 10 | internet | business | ALL_DOWN",
            "none meets the SLA: best that carries traffic | business=DEGRADED:breaks~120 internet=DEGRADED:breaks~90 lte=DOWN | low | 10 | - | internet | SLA_UNMET",
            "none meets the SLA: no move between two misses | business=DEGRADED:breaks~80 internet=DEGRADED:breaks~90 lte=DOWN | low | 10 | internet | internet | SLA_UNMET" })
    void choosesTheTunnelTheRulesSay(String name, String paths, String failover, int holdDown, String current,
            String expectedTunnel, TunnelChoice.Kind expectedKind) {
        // Given
        List<PolicyEvent> policies = policies(failover, holdDown);
        Map<PathKey, PathHealth> health = health(paths);

        // When
        TunnelChoice choice = TunnelSelector.select("cluster-1", exported(), policies, health,
                "-".equals(current) ? Optional.empty() : Optional.of(current), NOW);

        // Then
        assertThat(choice.active().tunnel()).as(choice.reason()).isEqualTo(expectedTunnel);
        assertThat(choice.kind()).as(choice.reason()).isEqualTo(expectedKind);
        assertThat(choice.fallbacks()).doesNotContain(choice.active())
                .allSatisfy(f -> assertThat(health.getOrDefault(new PathKey("cluster-1", f.tunnel()),
                        PathHealth.unknown(new PathKey("cluster-1", f.tunnel()))).carriesTraffic()).isTrue());
    }

    @ParameterizedTest(name = "healthy for {0} s of 10 -> reconsider at +{1} s")
    @CsvSource({ "0, 10", "4, 6", "9, 1" })
    void aHoldDownSaysWhenTheChoiceIsDue(int healthyFor, int dueIn) {
        // Given
        Map<PathKey, PathHealth> health = health("business=UP@" + healthyFor + " internet=UP");

        // When
        TunnelChoice choice = TunnelSelector.select("cluster-1", exported(), policies("low", 10), health,
                Optional.of("internet"), NOW);

        // Then
        assertThat(choice.kind()).isEqualTo(TunnelChoice.Kind.HOLD_DOWN);
        assertThat(choice.reconsiderAt()).isEqualTo(NOW.plusSeconds(dueIn));
        assertThat(choice.reason()).contains("hold-down").contains("stays on internet");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "down | business=DOWN internet=UP | business DOWN: 5 probes in a row lost",
            "sla | business=DEGRADED:breaks internet=UP | business DEGRADED: breaks the SLA of high: latency 120 ms > 100 ms",
            "all down | business=DOWN internet=DOWN lte=DOWN | every tunnel to cluster-1 is down" })
    void theReasonSaysWhyForPeople(String name, String paths, String reason) {
        TunnelChoice choice = TunnelSelector.select("cluster-1", exported(), policies("low", 10), health(paths),
                Optional.of("business"), NOW);
        assertThat(choice.reason()).isEqualTo(reason);
    }

    private static ExportedPolicy exported() {
        return new ExportedPolicy("high", "business", 31111, HIGH_SLA, 46);
    }

    private static List<PolicyEvent> policies(String failover, int holdDown) {
        List<String> list = "-".equals(failover) ? List.of() : List.of(failover.split(" "));
        return List.of(
                new PolicyEvent("cluster-1", "high", "business", 31111, HIGH_SLA, 46, list,
                        holdDown < 0 ? null : holdDown, 1),
                new PolicyEvent("cluster-1", "low", "internet", 31112, null, 10, List.of(), null, 1),
                new PolicyEvent("cluster-1", "lte", "lte", 31113, null, null, List.of(), null, 1));
    }

    private static Map<PathKey, PathHealth> health(String paths) {
        Map<PathKey, PathHealth> health = new HashMap<>();
        for (String spec : paths.split(" ")) {
            String[] nameAndRest = spec.split("=");
            String rest = nameAndRest[1];
            double rtt = 1;
            if (rest.contains("~")) {
                rtt = Double.parseDouble(rest.substring(rest.indexOf('~') + 1));
                rest = rest.substring(0, rest.indexOf('~'));
            }
            Instant since = Instant.EPOCH;
            if (rest.contains("@")) {
                since = NOW.minusSeconds(Long.parseLong(rest.substring(rest.indexOf('@') + 1)));
                rest = rest.substring(0, rest.indexOf('@'));
            }
            boolean breaks = rest.endsWith(":breaks");
            TunnelState state = TunnelState.valueOf(rest.replace(":breaks", ""));
            PathKey key = new PathKey("cluster-1", nameAndRest[0]);
            List<SlaVerdict> verdicts = new ArrayList<>();
            Map<String, Instant> satisfiedSince = new HashMap<>();
            if (state == TunnelState.DOWN) {
                verdicts.add(new SlaVerdict("high", false, List.of("tunnel DOWN")));
            } else if (breaks) {
                verdicts.add(new SlaVerdict("high", false, List.of("latency 120 ms > 100 ms")));
            } else {
                verdicts.add(new SlaVerdict("high", true, List.of()));
                satisfiedSince.put("high", since);
            }
            health.put(key, new PathHealth(key, state, state == TunnelState.DOWN ? "5 probes in a row lost" : "",
                    new TunnelFigures(rtt, rtt, 0, 0, 100), verdicts, state.carriesTraffic() ? since : null,
                    satisfiedSince));
        }
        return health;
    }
}
