package io.l7mp.mcw.imports.app;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code mcw_imports{state}}: services by import state in this cluster ({@code imported}: label values are lower snake
 * case, docs/metrics.md); {@code mcw_events_propagation_seconds}: time from an export event (its CloudEvents ce_time)
 * to the reconciliation that applied it.
 */
@ApplicationScoped
public class ImportMetrics {
    private final Map<ImportState, AtomicInteger> states = new EnumMap<>(ImportState.class);
    private final Timer propagation;

    @Inject
    public ImportMetrics(MeterRegistry registry, TopicsConfig topics) {
        // the registry may outlive the application (Micrometer's global one, across restarts in one JVM, as tests
        // do): a gauge left by an earlier start would keep reading that start's numbers
        registry.find("mcw_imports").meters().forEach(registry::remove);
        for (ImportState state : ImportState.values()) {
            AtomicInteger value = new AtomicInteger();
            states.put(state, value);
            Gauge.builder("mcw_imports", value, AtomicInteger::get).description("Exported services by import state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        propagation = Timer.builder("mcw_events_propagation_seconds")
                .description("From an export event's ce_time to its import being applied in this cluster")
                .tag("consumer", "import-service").tag("topic", topics.exports()).publishPercentileHistogram()
                .register(registry);
    }

    void states(Map<String, ImportState> byKey) {
        Map<ImportState, Integer> counts = new EnumMap<>(ImportState.class);
        byKey.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        states.forEach((state, value) -> value.set(counts.getOrDefault(state, 0)));
    }

    void propagation(Duration lag) {
        propagation.record(Math.max(0, lag.toNanos()), TimeUnit.NANOSECONDS);
    }
}
