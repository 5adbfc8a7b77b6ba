package io.l7mp.mcw.imports.adapter.k8s;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.imports.domain.DesiredEndpointSlice;
import io.l7mp.mcw.imports.domain.DesiredImport;
import io.l7mp.mcw.imports.domain.DesiredService;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.l7mp.mcw.imports.domain.ImportPlan;
import io.l7mp.mcw.imports.domain.ImportPlanner;
import io.l7mp.mcw.imports.domain.PlannerInput;
import io.l7mp.mcw.imports.domain.ServiceRef;
import io.l7mp.mcw.imports.domain.WanReports;

/**
 * Takes the first export's path once before the service acts, on made-up data and without a write (issue 14: no
 * cold-path penalty for the first events of a run): the event JSON both ways, two plans (before and after a VIP), and
 * the objects the plan would write built and turned to JSON and back as the client does. On a fresh JVM the first
 * export otherwise pays for loading and first-compiling all of it (serializers of the Kubernetes model included),
 * several times its steady figure.
 */
public final class ImportWarmUp {
    private static final String NAMESPACE = "mcw-warm-up";
    private static final String NAME = "warm-up";

    private ImportWarmUp() {
    }

    /**
     * @param rounds how many times to take the path: a few, so that the hottest parts are compiled too
     * @return the nanoseconds it took
     */
    public static long run(ImportConfig config, KubernetesSerialization json, Clock clock, int rounds) {
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            once(config, json, clock);
        }
        return System.nanoTime() - start;
    }

    private static void once(ImportConfig config, KubernetesSerialization json, Clock clock) {
        ExportEvent export = EventJson.read(EventJson.write(new ExportEvent("mcw-warm-up-cluster", NAMESPACE, NAME,
                "ClusterSetIP", "None", List.of(new ExportPort("http", "TCP", null, 8080)),
                new ExportedPolicy("warm-up", "warm-up", 31000, new Sla(100.0, 50.0, 1.0), null), "127.0.0.1", 1,
                clock.instant())), ExportEvent.class);
        PlannerInput input = new PlannerInput(config, List.of(export), Set.of(NAMESPACE), Map.of(), Map.of(), Set.of(),
                Map.of(), List.of(), WanReports.NONE);
        ImportPlan first = ImportPlanner.plan(input);
        Map<ServiceRef, String> vips = Map.of(new ServiceRef(NAMESPACE, first.services().isEmpty() ? NAME
                : first.services().get(0).name()), "127.0.0.1");
        ImportPlan plan = ImportPlanner.plan(input.withClusterIps(vips));
        Instant now = clock.instant();
        for (DesiredService d : first.services()) {
            Service service = ImportResources.service(d, new Service());
            json.unmarshal(json.asJson(service), Service.class);
            ImportResources.serviceParts(service);
        }
        for (DesiredEndpointSlice d : first.endpointSlices()) {
            EndpointSlice slice = ImportResources.endpointSlice(d, new EndpointSlice());
            json.unmarshal(json.asJson(slice), EndpointSlice.class);
            ImportResources.sliceParts(slice);
        }
        for (DesiredImport d : plan.imports()) {
            ServiceImport created = json.unmarshal(json.asJson(ImportResources.serviceImport(d, new ServiceImport())),
                    ServiceImport.class);
            ImportResources.importParts(created);
            created.setStatus(ImportResources.status(d, created, now));
            json.unmarshal(json.asJson(json.clone(created)), ServiceImport.class);
        }
        for (ImportEvent event : plan.publish()) {
            EventJson.read(EventJson.write(event), ImportEvent.class);
        }
    }
}
