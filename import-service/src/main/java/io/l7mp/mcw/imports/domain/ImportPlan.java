package io.l7mp.mcw.imports.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;

/**
 * The desired state of this cluster's imports.
 *
 * @param states the state of every service exported anywhere, by event key
 * @param publish the import events that differ from what the topic holds (only complete ones: a ClusterSetIP
 *        import is published once its VIP is known)
 * @param tombstones keys of this cluster on the imports topic whose service nobody exports any more
 * @param notices objects left alone because this service does not own them, one sentence each
 * @param egress the endpoints every EndpointSlice got, and why none is ready if so
 * @param pinned the static ServiceImports ({@link PinnedImport}) as they should be: of these only {@code spec.ips},
 *        the egress-ports and derived-service annotations and the status are this service's to write
 */
public record ImportPlan(List<DesiredImport> imports, List<DesiredService> services,
        List<DesiredEndpointSlice> endpointSlices, Map<String, ImportState> states, List<ImportEvent> publish,
        List<String> tombstones, List<String> notices, EgressEndpoints egress, List<DesiredImport> pinned) {
    public ImportPlan {
        imports = List.copyOf(imports);
        pinned = List.copyOf(pinned);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        states = Collections.unmodifiableMap(new TreeMap<>(states));
        publish = List.copyOf(publish);
        tombstones = List.copyOf(tombstones);
        notices = List.copyOf(notices);
    }
}
