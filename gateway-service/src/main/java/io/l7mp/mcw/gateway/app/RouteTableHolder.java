package io.l7mp.mcw.gateway.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.gateway.domain.GatewayInputs;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.RouteTableBuilder;
import io.l7mp.mcw.gateway.domain.RouteTablePlanner;

/**
 * The current route table: an immutable snapshot, swapped atomically (DESIGN D4). The control
 * loop publishes a new one with {@link #update(GatewayInputs)}; the data plane reads
 * {@link #current()} once per request or connection and never sees a half-built table.
 * Subscribers (the listener manager) are told about every new snapshot.
 */
// @Singleton, not @ApplicationScoped: it is called on every request, and a client proxy costs a context lookup
@Singleton
public class RouteTableHolder {
    private final AtomicReference<RouteTable> current = new AtomicReference<>();
    private final AtomicLong version = new AtomicLong();
    private final List<Consumer<RouteTable>> subscribers = new CopyOnWriteArrayList<>();
    private final RouteTablePlanner planner = new RouteTablePlanner();

    @Inject
    ClusterConfig cluster;

    /** The table in force; an empty table before the first inputs arrived. */
    public RouteTable current() {
        RouteTable table = current.get();
        if (table == null) {
            current.compareAndSet(null, RouteTableBuilder.build(GatewayInputs.empty(cluster.name())));
            table = current.get();
        }
        return table;
    }

    /** Version of the table in force: bumped on every swap. */
    public long version() {
        return version.get();
    }

    /**
     * Builds a table from {@code inputs} and, when it differs from the one in force, swaps it in and tells the
     * subscribers; returns the table in force (the same object as before when nothing changed: the health reports
     * that arrive every second mostly change nothing the table holds). The planner makes the table the full computation
     * would, without merging again the services whose exports did not change (ADR 0019).
     */
    public synchronized RouteTable update(GatewayInputs inputs) {
        RouteTable table = planner.plan(inputs);
        RouteTable before = current.get();
        if (table.equals(before) && version.get() > 0) {
            return before;
        }
        current.set(table);
        version.incrementAndGet();
        subscribers.forEach(s -> s.accept(table));
        return table;
    }

    public void subscribe(Consumer<RouteTable> subscriber) {
        subscribers.add(subscriber);
    }
}
