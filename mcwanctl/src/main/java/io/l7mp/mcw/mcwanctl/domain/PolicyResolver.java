package io.l7mp.mcw.mcwanctl.domain;

import java.util.Collection;
import java.util.List;

/**
 * Resolves {@code --wan-policy=P}: the policy named exactly {@code P}; else the only one whose name ends in
 * {@code -P}, so that the seed's {@code --wan-policy=high} finds {@code sd-wan-priority-high}. Several such policies,
 * or none, is an error the caller reports with the candidates.
 */
public final class PolicyResolver {

    private PolicyResolver() {
    }

    public static PolicyResolution resolve(String requested, Collection<String> policies) {
        List<String> sorted = policies.stream().sorted().distinct().toList();
        if (sorted.contains(requested)) {
            return new PolicyResolution.Exact(requested, requested);
        }
        List<String> bySuffix = sorted.stream().filter(p -> p.endsWith("-" + requested)).toList();
        if (bySuffix.size() == 1) {
            return new PolicyResolution.BySuffix(requested, bySuffix.get(0));
        }
        if (bySuffix.size() > 1) {
            return new PolicyResolution.Ambiguous(requested, bySuffix);
        }
        return new PolicyResolution.NotFound(requested, sorted);
    }
}
