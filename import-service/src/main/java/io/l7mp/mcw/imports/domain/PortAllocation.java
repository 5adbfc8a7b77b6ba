package io.l7mp.mcw.imports.domain;

import java.util.List;

import io.l7mp.mcw.api.event.EgressPort;

/** The egress ports of one import after allocation. */
public sealed interface PortAllocation {
    /** The ports the import holds, in the order of its service ports. */
    List<EgressPort> ports();

    /** Every service port of the import has an egress port. */
    record Allocated(List<EgressPort> ports) implements PortAllocation {
        public Allocated {
            ports = List.copyOf(ports);
        }
    }

    /**
     * The range has no room for some new port of the import: it keeps only what it already held, gets no new
     * port (so that one large import cannot starve the others), and {@code message} says what is missing.
     */
    record Exhausted(List<EgressPort> ports, String message) implements PortAllocation {
        public Exhausted {
            ports = List.copyOf(ports);
        }
    }
}
