package io.l7mp.mcw.policy.app;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code mcw_policies{state=accepted|rejected}}: the verdicts of the last reconciliation pass. Created at
 * start-up so that the gauges are scraped as 0 before the first pass rather than missing.
 */
@Startup
@ApplicationScoped
public class PolicyMetrics {
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    @Inject
    MeterRegistry registry;

    @PostConstruct
    void register() {
        // the registry may outlive the application (Micrometer's global one, across restarts in one JVM, as tests
        // do): a gauge left by an earlier start would keep reading that start's numbers
        registry.find("mcw_policies").meters().forEach(registry::remove);
        Gauge.builder("mcw_policies", accepted, AtomicInteger::get).description("WANPolicies by validation state")
                .tag("state", "accepted").register(registry);
        Gauge.builder("mcw_policies", rejected, AtomicInteger::get).description("WANPolicies by validation state")
                .tag("state", "rejected").register(registry);
    }

    void update(PolicyReconciliation.Result result) {
        accepted.set(result.accepted());
        rejected.set(result.rejected());
    }
}
