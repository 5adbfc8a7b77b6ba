package io.l7mp.mcw.export.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An EndpointSlice of this cluster that belongs to a Service (label {@code kubernetes.io/service-name}).
 *
 * @param service the Service the slice belongs to
 * @param endpointReady conditions.ready of each endpoint; null when the condition is not set
 */
public record LocalEndpointSlice(ExportRef service, List<Boolean> endpointReady) {
    public LocalEndpointSlice {
        Objects.requireNonNull(service, "service");
        // List.copyOf rejects nulls, and an unset condition is meaningful here
        endpointReady = endpointReady == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(endpointReady));
    }

    /** Endpoints whose ready condition is not false: Kubernetes treats an unset condition as ready. */
    public int readyEndpoints() {
        return (int) endpointReady.stream().filter(ready -> !Boolean.FALSE.equals(ready)).count();
    }
}
