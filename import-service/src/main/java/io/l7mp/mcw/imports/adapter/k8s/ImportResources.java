package io.l7mp.mcw.imports.adapter.k8s;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import io.fabric8.kubernetes.api.model.SessionAffinityConfigBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.api.crd.ServiceImportStatus;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.imports.domain.DesiredEndpointSlice;
import io.l7mp.mcw.imports.domain.DesiredImport;
import io.l7mp.mcw.imports.domain.DesiredService;
import io.l7mp.mcw.imports.domain.EgressEndpoint;
import io.l7mp.mcw.imports.domain.ImportCondition;
import io.l7mp.mcw.imports.domain.ImportTunnel;

/**
 * Writes the planner's desired objects onto Kubernetes objects. Each method sets only the fields the
 * import-service owns and leaves everything else (fields the API server defaulted, labels others added) as it was
 * on {@code target}, so that comparing the result with the stored object shows exactly what must change.
 */
final class ImportResources {
    static final String LABEL_SERVICE_NAME = "kubernetes.io/service-name";
    static final String LABEL_SLICE_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    /** The keys of the exported labels last written on a ServiceImport, comma-separated, to remove them when dropped. */
    static final String ANNOTATION_EXPORTED_LABELS = "mcw.l7mp.io/exported-labels";
    /** The keys of the exported annotations last written on a ServiceImport, comma-separated. */
    static final String ANNOTATION_EXPORTED_ANNOTATIONS = "mcw.l7mp.io/exported-annotations";
    private static final String CLUSTER_IP = "ClusterIP";
    private static final String NONE = "None";

    private ImportResources() {
    }

    static ServiceImport serviceImport(DesiredImport d, ServiceImport target) {
        Map<String, String> labels = meta(target, d.namespace(), d.name()).getLabels();
        Map<String, String> annotations = target.getMetadata().getAnnotations();
        // exported first, so that MCW's own keys below win over an exported key of the same name
        replaceExported(labels, annotations, ANNOTATION_EXPORTED_LABELS, d.exportedLabels());
        replaceExported(annotations, annotations, ANNOTATION_EXPORTED_ANNOTATIONS, d.exportedAnnotations());
        labels.put(Ownership.LABEL_MANAGED_BY, Ownership.MANAGER);
        annotations.put(WANPolicy.ANNOTATION, d.policy());
        annotations.put(ServiceImport.ANNOTATION_EGRESS_PORTS, EgressPortAnnotation.format(d.egressPorts()));
        if (d.derivedService() == null) {
            annotations.remove(ServiceImport.ANNOTATION_DERIVED_SERVICE);
        } else {
            annotations.put(ServiceImport.ANNOTATION_DERIVED_SERVICE, d.derivedService());
        }
        ServiceImportSpec spec = new ServiceImportSpec();
        spec.setType(d.type());
        spec.setSessionAffinity(d.sessionAffinity());
        spec.setPorts(d.ports().stream()
                .map(p -> new ServiceImportPort(p.name(), p.protocol(), p.appProtocol(), p.port())).toList());
        spec.setIps(d.ips().isEmpty() ? null : d.ips());
        spec.setIpFamilies(d.ipFamilies().isEmpty() ? null : d.ipFamilies());
        spec.setSessionAffinityConfig(sessionAffinityConfig(d.sessionAffinityConfig()));
        spec.setInternalTrafficPolicy(d.internalTrafficPolicy());
        spec.setTrafficDistribution(d.trafficDistribution());
        target.setSpec(spec);
        return target;
    }

    /**
     * Puts the exported entries into {@code target} and removes the ones exported before and no longer listed (the
     * keys last written are recorded in {@code annotations} under {@code record}), leaving other keys as they are.
     */
    private static void replaceExported(Map<String, String> target, Map<String, String> annotations, String record,
            Map<String, String> exported) {
        String before = annotations.get(record);
        if (before != null && !before.isEmpty()) {
            for (String key : before.split(",")) {
                target.remove(key);
            }
        }
        target.putAll(exported);
        if (exported.isEmpty()) {
            annotations.remove(record);
        } else {
            annotations.put(record, String.join(",", new TreeSet<>(exported.keySet())));
        }
    }

    /**
     * The JSON merge patch that brings a static ServiceImport ({@code PinnedImport}) to the plan: only {@code spec.ips}
     * and the egress-ports and derived-service annotations, the fields this service writes on an object it does not
     * own (null removes one); empty when they already match. Its labels, other annotations and the rest of its spec
     * are mcwanctl's.
     */
    static Map<String, Object> pinnedPatch(DesiredImport d, ServiceImport actual) {
        Map<String, String> current = orEmpty(actual.getMetadata().getAnnotations());
        Map<String, Object> annotations = new LinkedHashMap<>();
        String egress = d.egressPorts().isEmpty() ? null : EgressPortAnnotation.format(d.egressPorts());
        if (!Objects.equals(current.get(ServiceImport.ANNOTATION_EGRESS_PORTS), egress)) {
            annotations.put(ServiceImport.ANNOTATION_EGRESS_PORTS, egress);
        }
        if (!Objects.equals(current.get(ServiceImport.ANNOTATION_DERIVED_SERVICE), d.derivedService())) {
            annotations.put(ServiceImport.ANNOTATION_DERIVED_SERVICE, d.derivedService());
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!annotations.isEmpty()) {
            patch.put("metadata", Map.of("annotations", annotations));
        }
        List<String> ips = d.ips().isEmpty() ? null : d.ips();
        List<String> currentIps = actual.getSpec() == null || actual.getSpec().getIps() == null
                || actual.getSpec().getIps().isEmpty() ? null : actual.getSpec().getIps();
        if (!Objects.equals(ips, currentIps)) {
            Map<String, Object> spec = new HashMap<>();
            spec.put("ips", ips);
            patch.put("spec", spec);
        }
        return patch;
    }

    private static SessionAffinityConfig sessionAffinityConfig(io.l7mp.mcw.api.event.SessionAffinityConfig c) {
        if (c == null) {
            return null;
        }
        return new SessionAffinityConfigBuilder()
                .withClientIP(c.clientIP() == null ? null : new ClientIPConfig(c.clientIP().timeoutSeconds())).build();
    }

    /**
     * The status the ServiceImport should have: the exporting clusters, the tunnels in use to them, and our
     * conditions (with their lastTransitionTime kept when their status did not change) next to conditions other
     * components own.
     */
    static ServiceImportStatus status(DesiredImport d, ServiceImport actual, Instant now) {
        List<Condition> current = actual.getStatus() == null || actual.getStatus().getConditions() == null ? List.of()
                : actual.getStatus().getConditions();
        Long generation = actual.getMetadata().getGeneration();
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : current) {
            if (!ImportCondition.OWNED.contains(c.getType())) {
                conditions.add(c);
            }
        }
        for (ImportCondition wanted : d.conditions()) {
            String status = wanted.status().wire();
            String since = current.stream()
                    .filter(c -> wanted.type().equals(c.getType()) && status.equals(c.getStatus()))
                    .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst()
                    .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
            conditions.add(new ConditionBuilder().withType(wanted.type()).withStatus(status)
                    .withReason(wanted.reason()).withMessage(wanted.message()).withLastTransitionTime(since)
                    .withObservedGeneration(generation).build());
        }
        ServiceImportStatus result = new ServiceImportStatus();
        result.setClusters(d.clusters().stream().map(ServiceImportStatus.ClusterStatus::new).toList());
        result.setConditions(conditions);
        result.setTunnels(d.tunnels().stream().map(ImportResources::tunnel).toList());
        return result;
    }

    private static ServiceImportStatus.TunnelStatus tunnel(ImportTunnel t) {
        ServiceImportStatus.TunnelStatus status = new ServiceImportStatus.TunnelStatus();
        status.setCluster(t.cluster());
        status.setPolicy(t.policy());
        status.setPreferredTunnel(t.preferredTunnel());
        status.setTunnel(t.tunnel());
        status.setPort(t.port());
        status.setState(t.state() == null ? null : t.state().name());
        status.setSlaSatisfied(t.slaSatisfied());
        status.setReason(t.reason());
        status.setRttMs(t.rttMs());
        status.setJitterMs(t.jitterMs());
        status.setLossPercent(t.lossPercent());
        return status;
    }

    static Service service(DesiredService d, Service target) {
        Map<String, String> labels = meta(target, d.namespace(), d.name()).getLabels();
        labels.put(Ownership.LABEL_MANAGED_BY, Ownership.MANAGER);
        labels.put(Mcs.LABEL_SERVICE_NAME, d.importName());
        ServiceSpec spec = target.getSpec() == null ? new ServiceSpec() : target.getSpec();
        spec.setType(CLUSTER_IP);
        spec.setSelector(null);
        if (d.headless()) {
            spec.setClusterIP(NONE);
            spec.setClusterIPs(List.of(NONE));
        }
        spec.setPorts(d.ports().stream()
                .map(p -> new ServicePortBuilder().withName(p.name()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).withPort(p.port())
                        .withTargetPort(new IntOrString(p.targetPort())).build())
                .toList());
        target.setSpec(spec);
        return target;
    }

    static boolean headless(Service service) {
        return service.getSpec() != null && NONE.equals(service.getSpec().getClusterIP());
    }

    static EndpointSlice endpointSlice(DesiredEndpointSlice d, EndpointSlice target) {
        Map<String, String> labels = meta(target, d.namespace(), d.name()).getLabels();
        labels.put(Ownership.LABEL_MANAGED_BY, Ownership.MANAGER);
        labels.put(LABEL_SERVICE_NAME, d.serviceName());
        labels.put(Mcs.LABEL_SERVICE_NAME, d.importName());
        labels.put(LABEL_SLICE_MANAGED_BY, Ownership.MANAGER);
        labels.put(Mcs.LABEL_SOURCE_CLUSTER, d.sourceCluster());
        target.setAddressType(d.addressType());
        target.setEndpoints(d.endpoints().stream().map(ImportResources::endpoint).toList());
        target.setPorts(d.ports().stream().map(p -> new EndpointPortBuilder().withName(p.name())
                .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).withPort(p.port()).build()).toList());
        return target;
    }

    /** An endpoint as the EndpointSlice controller writes a pod's: conditions, node, and a targetRef to the pod. */
    private static Endpoint endpoint(EgressEndpoint e) {
        EndpointBuilder endpoint = new EndpointBuilder().withAddresses(e.address()).withNewConditions()
                .withReady(e.ready()).withServing(e.serving()).withTerminating(e.terminating()).endConditions()
                .withNodeName(e.nodeName());
        if (e.pod() != null) {
            endpoint.withNewTargetRef().withKind("Pod").withNamespace(e.pod().namespace()).withName(e.pod().name())
                    .withUid(e.pod().uid()).endTargetRef();
        }
        return endpoint.build();
    }

    /** The parts of a ServiceImport this service owns, by name, for comparing stored and desired objects. */
    static Map<String, Object> importParts(ServiceImport i) {
        Map<String, Object> parts = labelsAndAnnotations(i);
        parts.put("spec", i.getSpec());
        return parts;
    }

    static Map<String, Object> serviceParts(Service s) {
        Map<String, Object> parts = labelsAndAnnotations(s);
        parts.put("spec", s.getSpec());
        return parts;
    }

    static Map<String, Object> sliceParts(EndpointSlice s) {
        Map<String, Object> parts = labelsAndAnnotations(s);
        parts.put("addressType", s.getAddressType());
        // an empty list is not serialized: stored without endpoints, it reads back as null
        parts.put("endpoints", s.getEndpoints() == null ? List.of() : s.getEndpoints());
        parts.put("ports", s.getPorts());
        return parts;
    }

    private static Map<String, Object> labelsAndAnnotations(HasMetadata object) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("labels", orEmpty(object.getMetadata().getLabels()));
        parts.put("annotations", orEmpty(object.getMetadata().getAnnotations()));
        return parts;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static ObjectMeta meta(HasMetadata target, String namespace, String name) {
        ObjectMeta meta = target.getMetadata() == null ? new ObjectMeta() : target.getMetadata();
        meta.setNamespace(namespace);
        meta.setName(name);
        meta.setLabels(meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels()));
        meta.setAnnotations(meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations()));
        target.setMetadata(meta);
        return meta;
    }
}
