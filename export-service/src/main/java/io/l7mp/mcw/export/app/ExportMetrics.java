package io.l7mp.mcw.export.app;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.export.domain.ExportPlan;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code mcw_exports{state=exported|waiting}} and {@code mcw_export_conflicts}: the ServiceExports of
 * this cluster by outcome of the last reconcile.
 */
@ApplicationScoped
public class ExportMetrics {
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    @Inject
    MeterRegistry registry;

    void register() {
        // the registry may outlive the application (Micrometer's global one, across restarts in one JVM, as tests
        // do): a gauge left by an earlier start would keep reading that start's numbers
        for (String name : new String[] { "mcw_exports", "mcw_export_conflicts" }) {
            registry.find(name).meters().forEach(registry::remove);
        }
        Gauge.builder("mcw_exports", exported, AtomicLong::get).tag("state", "exported")
                .description("ServiceExports of this cluster published on the exports topic").register(registry);
        Gauge.builder("mcw_exports", waiting, AtomicLong::get).tag("state", "waiting")
                .description("ServiceExports of this cluster waiting for their Service or WAN policy")
                .register(registry);
        Gauge.builder("mcw_export_conflicts", conflicts, AtomicLong::get)
                .description("Exports of this cluster in a KEP-1645 conflict with another cluster's export")
                .register(registry);
    }

    void record(ExportPlan plan) {
        exported.set(plan.exportedCount());
        waiting.set(plan.waitingCount());
        conflicts.set(plan.conflictCount());
    }
}
