package io.l7mp.mcw.imports.adapter.k8s;

import java.time.Instant;
import java.util.ArrayList;
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
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.imports.domain.DerivedNames;
import io.l7mp.mcw.imports.domain.EgressPod;
import io.l7mp.mcw.imports.domain.ObjectRef;
import io.l7mp.mcw.imports.domain.PinnedImport;
import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * What the informers hold at one moment: the namespaces, and the ServiceImports, Services and EndpointSlices this
 * service owns, plus the names of objects it must not touch (foreign Services only where a derived Service
 * could be named so), and the egress gateway's pods (none when the egress is a fixed address). Objects are the
 * informers' cached instances: read only. The static ServiceImports ({@link StaticIngress}) are apart: not
 * owned, yet planned for.
 */
public record ClusterSnapshot(Set<String> namespaces, Map<ServiceRef, ServiceImport> imports,
        Map<ServiceRef, Service> services, Map<ServiceRef, EndpointSlice> slices, Set<ObjectRef> foreign,
        List<EgressPod> egressPods, Map<ServiceRef, ServiceImport> statics) {

    private static final Logger LOGGER = Logger.getLogger(ClusterSnapshot.class);
    private static final String NONE = "None";

    static ClusterSnapshot of(Set<String> namespaces, List<ServiceImport> imports, List<Service> services,
            List<EndpointSlice> slices, List<Pod> pods) {
        Map<ServiceRef, ServiceImport> ownImports = new HashMap<>();
        Map<ServiceRef, Service> ownServices = new HashMap<>();
        Map<ServiceRef, EndpointSlice> ownSlices = new HashMap<>();
        Set<ObjectRef> foreign = new HashSet<>();
        Map<ServiceRef, ServiceImport> statics = new HashMap<>();
        for (ServiceImport i : imports) {
            if (StaticIngress.isStatic(annotations(i))) {
                statics.put(ref(i.getMetadata().getNamespace(), i.getMetadata().getName()), i);
            } else if (Ownership.owned(i)) {
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
                pods.stream().map(EgressPods::of).toList(), statics);
    }

    /**
     * The static ServiceImports as the planner takes them: each as the export of its static cluster over this
     * cluster's policy it names, or, when its annotations cannot be read or that policy is not accepted here, with the
     * reason.
     *
     * @param ownPolicies this cluster's accepted policies, by name
     */
    public Map<ServiceRef, PinnedImport> pinned(String cluster, Map<String, PolicyEvent> ownPolicies) {
        Map<ServiceRef, PinnedImport> result = new HashMap<>();
        statics.forEach((ref, i) -> result.put(ref, pinned(cluster, ref, i, ownPolicies)));
        return result;
    }

    private static PinnedImport pinned(String cluster, ServiceRef ref, ServiceImport i,
            Map<String, PolicyEvent> ownPolicies) {
        String type = i.getSpec() == null ? null : i.getSpec().getType();
        String created = i.getMetadata().getCreationTimestamp();
        return PinnedImport.of(cluster, ref, annotations(i), ports(i.getSpec()), type,
                created == null ? Instant.EPOCH : Instant.parse(created), ownPolicies);
    }

    /** The ports of a ServiceImport's spec; a port without a valid number is left out. */
    static List<ExportPort> ports(ServiceImportSpec spec) {
        List<ExportPort> ports = new ArrayList<>();
        if (spec == null || spec.getPorts() == null) {
            return ports;
        }
        for (ServiceImportPort p : spec.getPorts()) {
            if (p != null && p.getPort() != null && p.getPort() >= 1 && p.getPort() <= 65535) {
                ports.add(new ExportPort(p.getName(), p.getProtocol(), p.getAppProtocol(), p.getPort()));
            }
        }
        return ports;
    }

    /**
     * The egress ports recorded on the owned and the static ServiceImports; an annotation someone broke counts as
     * none.
     */
    public Map<ServiceRef, List<EgressPort>> allocations() {
        Map<ServiceRef, List<EgressPort>> result = new HashMap<>();
        Map<ServiceRef, ServiceImport> all = new HashMap<>(imports);
        all.putAll(statics);
        all.forEach((ref, i) -> {
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
