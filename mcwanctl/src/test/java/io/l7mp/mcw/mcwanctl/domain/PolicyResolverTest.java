package io.l7mp.mcw.mcwanctl.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyResolverTest {

    private static final List<String> SEED = List.of("sd-wan-priority-low", "sd-wan-priority-high");

    @Test
    void theExactNameWins() {
        assertThat(PolicyResolver.resolve("sd-wan-priority-high", SEED))
                .isEqualTo(new PolicyResolution.Exact("sd-wan-priority-high", "sd-wan-priority-high"));
        // even when other names end in -high
        assertThat(PolicyResolver.resolve("high", List.of("high", "sd-wan-priority-high")))
                .isEqualTo(new PolicyResolution.Exact("high", "high"));
    }

    @Test
    void theOnlyNameEndingInDashPIsUsed() {
        assertThat(PolicyResolver.resolve("high", SEED))
                .isEqualTo(new PolicyResolution.BySuffix("high", "sd-wan-priority-high"));
        assertThat(PolicyResolver.resolve("priority-low", SEED))
                .isEqualTo(new PolicyResolution.BySuffix("priority-low", "sd-wan-priority-low"));
    }

    @Test
    void aSuffixMustFollowADash() {
        assertThat(PolicyResolver.resolve("igh", SEED))
                .isEqualTo(new PolicyResolution.NotFound("igh", List.of("sd-wan-priority-high", "sd-wan-priority-low")));
    }

    @Test
    void severalMatchesAreAmbiguousAndSorted() {
        assertThat(PolicyResolver.resolve("high", List.of("sd-wan-priority-high", "backup-high", "low")))
                .isEqualTo(new PolicyResolution.Ambiguous("high", List.of("backup-high", "sd-wan-priority-high")));
    }

    @Test
    void noPoliciesAtAll() {
        assertThat(PolicyResolver.resolve("high", List.of())).isEqualTo(new PolicyResolution.NotFound("high", List.of()));
    }
}
