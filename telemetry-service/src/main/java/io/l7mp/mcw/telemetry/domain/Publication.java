package io.l7mp.mcw.telemetry.domain;

import io.l7mp.mcw.api.event.TunnelHealthEvent;

/** What {@link HealthPublishing#decide} says about one tunnel's latest health event. */
public sealed interface Publication {
    /** Publish {@code event} (its figures rounded to two significant digits) now. */
    record Publish(TunnelHealthEvent event, Cause cause) implements Publication {
    }

    /** Nothing to publish: nothing changed and the periodic interval has not passed. */
    record Hold() implements Publication {
    }

    enum Cause {
        /** Nothing was published for this tunnel yet. */
        FIRST,
        /** The state, a verdict, or the address probed changed since the last publication. */
        CHANGED,
        /** Nothing changed, and the periodic interval has passed since the last publication. */
        PERIODIC,
        /** The send of an earlier publication failed: the latest health goes out again. */
        RETRY
    }
}
