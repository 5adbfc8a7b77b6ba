package io.l7mp.mcw.imports.adapter.k8s;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.imports.domain.DerivedNames;
import io.l7mp.mcw.imports.domain.EgressPod;
import io.l7mp.mcw.imports.domain.ObjectRef;
import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * What the informers hold at one moment: the namespaces, and the ServiceImports, Services and EndpointSlices this
 * service owns, plus the names of objects it must not touch (foreign Services only where a derived Service
 * could be named so), and the egress gateway's pods (none when the egress is a fixed address). Objects are the
 * informers' cached instances: read only.
 */
public record ClusterSnapshot(Set<String> namespaces, Map<ServiceRef, ServiceImport> imports,
        Map<ServiceRef, Service> services, Map<ServiceRef, EndpointSlice> slices, Set<ObjectRef> foreign,
        List<EgressPod> egressPods) {

    private static final Logger LOGGER = Logger.getLogger(ClusterSnapshot.class);
    private static final String NONE = "None";

    static ClusterSnapshot of(Set<String> namespaces, List<ServiceImport> imports, List<Service> services,
            List<EndpointSlice> slices, List<Pod> pods) {
        Map<ServiceRef, ServiceImport> ownImports = new HashMap<>();
        Map<ServiceRef, Service> ownServices = new HashMap<>();
        Map<ServiceRef, EndpointSlice> ownSlices = new HashMap<>();
        Set<ObjectRef> foreign = new HashSet<>();
        for (ServiceImport i : imports) {
            if (Ownership.owned(i)) {
                ownImports.put(ref(i.getMetadata().getNamespace(), i.getMetadata().getName()), i);
            } else {
                foreign.add(new ObjectRef(ObjectRef.Kind.SERVICE_IMPORT, i.getMetadata().getNamespace(),
                        i.getMetadata().getName()));
            }
        }
        for (Service s : services) {
            if (Ownership.owned(s)) {
                ownServices.put(ref(s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
            } else if (DerivedNames.couldBeDerived(s.getMetadata().getName())) {
                foreign.add(new ObjectRef(ObjectRef.Kind.SERVICE, s.getMetadata().getNamespace(),
                        s.getMetadata().getName()));
            }
        }
        slices.stream().filter(Ownership::owned)
                .forEach(s -> ownSlices.put(ref(s.getMetadata().getNamespace(), s.getMetadata().getName()), s));
        return new ClusterSnapshot(Set.copyOf(namespaces), ownImports, ownServices, ownSlices, foreign,
                pods.stream().map(EgressPods::of).toList());
    }

    /** The egress ports recorded on the owned ServiceImports; an annotation someone broke counts as none. */
    public Map<ServiceRef, List<EgressPort>> allocations() {
        Map<ServiceRef, List<EgressPort>> result = new HashMap<>();
        imports.forEach((ref, i) -> {
            String text = annotations(i).get(ServiceImport.ANNOTATION_EGRESS_PORTS);
            try {
                result.put(ref, EgressPortAnnotation.parse(text));
            } catch (IllegalArgumentException e) {
                LOGGER.warnf("ignoring annotation %s of ServiceImport %s: %s; its ports are allocated again",
                        ServiceImport.ANNOTATION_EGRESS_PORTS, ref, e.getMessage());
            }
        });
        return result;
    }

    /** The clusterIPs the API server allocated to the owned derived Services. */
    public Map<ServiceRef, String> clusterIps() {
        return clusterIps(services);
    }

    static Map<ServiceRef, String> clusterIps(Map<ServiceRef, Service> services) {
        Map<ServiceRef, String> result = new HashMap<>();
        services.forEach((ref, s) -> {
            String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
            if (ip != null && !ip.isEmpty() && !NONE.equals(ip)) {
                result.put(ref, ip);
            }
        });
        return result;
    }

    static Map<String, String> annotations(ServiceImport i) {
        return i.getMetadata().getAnnotations() == null ? Map.of() : i.getMetadata().getAnnotations();
    }

    private static ServiceRef ref(String namespace, String name) {
        return new ServiceRef(namespace, name);
    }
}
