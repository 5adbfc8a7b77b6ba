package io.l7mp.mcw.imports.domain;

import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;

/**
 * What one service contributes to an {@link ImportPlan}: an import plan is these, concatenated in the order of the
 * services ({@link IncrementalImportPlanner} keeps one per service).
 */
record PlanFragment(List<DesiredImport> imports, List<DesiredImport> pinned, List<DesiredService> services,
        List<DesiredEndpointSlice> endpointSlices, Map<String, ImportState> states, List<ImportEvent> publish,
        List<String> notices) {
    PlanFragment {
        imports = List.copyOf(imports);
        pinned = List.copyOf(pinned);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        states = Map.copyOf(states);
        publish = List.copyOf(publish);
        notices = List.copyOf(notices);
    }
}
