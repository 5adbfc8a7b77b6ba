package io.l7mp.mcw.gateway.adapter.k8s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.gateway.domain.Endpoint;
import io.l7mp.mcw.gateway.domain.ImportSource;
import io.l7mp.mcw.gateway.domain.ImportedPort;
import io.l7mp.mcw.gateway.domain.ImportedService;
import io.l7mp.mcw.gateway.domain.L7Kind;
import io.l7mp.mcw.gateway.domain.L7Object;
import io.l7mp.mcw.gateway.domain.LocalPort;
import io.l7mp.mcw.gateway.domain.LocalService;

/** Maps fabric8 objects to the domain's inputs; nothing here decides anything. */
public final class KubernetesMapper {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final Logger LOGGER = Logger.getLogger(KubernetesMapper.class);

    private KubernetesMapper() {
    }

    /**
     * A ServiceImport with the egress ports import-service recorded in its {@code mcw.l7mp.io/egress-ports}
     * annotation ({@code name/protocol/port=egressPort,...}); without the annotation, no port has a listener yet.
     */
    public static ImportedService imported(ServiceImport serviceImport) {
        var meta = serviceImport.getMetadata();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        return new ImportedService(meta.getNamespace(), meta.getName(),
                egressPorts(ref(serviceImport), annotations.get(ServiceImport.ANNOTATION_EGRESS_PORTS)),
                source(ref(serviceImport), annotations, meta.getCreationTimestamp() == null ? null
                        : Instant.parse(meta.getCreationTimestamp())));
    }

    /** A static import's ingress ({@link StaticIngress}); one whose annotations cannot be read sends nowhere. */
    static ImportSource source(String object, Map<String, String> annotations, Instant created) {
        try {
            return StaticIngress.of(annotations).<ImportSource> map(s -> new ImportSource.Static(s, created))
                    .orElse(ImportSource.EVENT_BUS);
        } catch (IllegalArgumentException e) {
            LOGGER.warnf("static import cannot be used: object=%s reason=%s", object, e.getMessage());
            return new ImportSource.Unusable(object + " is a static import (annotation "
                    + StaticIngress.ANNOTATION_INGRESS + ") that cannot be used: " + e.getMessage());
        }
    }

    /** Parses the annotation; a malformed entry is skipped with a warning naming it (the rest still listens). */
    static List<ImportedPort> egressPorts(String object, String text) {
        List<ImportedPort> ports = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ports;
        }
        for (String entry : text.split(",")) {
            try {
                EgressPort p = EgressPortAnnotation.parseEntry(entry.trim());
                ports.add(new ImportedPort(p.name(), p.protocol(), p.port(), p.egressPort()));
            } catch (IllegalArgumentException e) {
                LOGGER.warnf("ignoring egress port of object=%s annotation=%s: %s", object,
                        ServiceImport.ANNOTATION_EGRESS_PORTS, e.getMessage());
            }
        }
        return ports;
    }

    /** A Service with the ready endpoints of its EndpointSlices, per port (matched by port name). */
    public static LocalService service(Service service, Collection<EndpointSlice> slicesOfService) {
        var spec = service.getSpec();
        List<ServicePort> ports = spec == null || spec.getPorts() == null ? List.of() : spec.getPorts();
        List<LocalPort> mapped = ports.stream().map(p -> new LocalPort(p.getName(), p.getProtocol(), p.getPort(),
                endpoints(p, slicesOfService))).toList();
        return new LocalService(service.getMetadata().getNamespace(), service.getMetadata().getName(),
                spec == null ? null : spec.getClusterIP(), mapped);
    }

    private static List<Endpoint> endpoints(ServicePort port, Collection<EndpointSlice> slices) {
        List<Endpoint> result = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            Integer target = slicePort(port, slice);
            if (target == null || slice.getEndpoints() == null) {
                continue;
            }
            slice.getEndpoints().stream()
                    .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
                    .flatMap(e -> e.getAddresses() == null ? Stream.<String> empty() : e.getAddresses().stream())
                    .forEach(address -> result.add(new Endpoint(address, target)));
        }
        return result;
    }

    private static Integer slicePort(ServicePort port, EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort candidate : slice.getPorts()) {
            if (Objects.equals(emptyToNull(candidate.getName()), emptyToNull(port.getName()))) {
                return candidate.getPort();
            }
        }
        return null;
    }

    /** The Service an EndpointSlice belongs to, {@code namespace/name}; null when it names none. */
    public static String sliceOwner(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return service == null || service.isBlank() ? null : slice.getMetadata().getNamespace() + "/" + service;
    }

    /** A VirtualService or HTTPRoute as generic JSON; {@code fallbackCreated} when the API server set no timestamp. */
    @SuppressWarnings("unchecked")
    public static L7Object l7(L7Kind kind, GenericKubernetesResource resource, Instant fallbackCreated) {
        var meta = resource.getMetadata();
        Instant created = meta.getCreationTimestamp() == null ? fallbackCreated
                : Instant.parse(meta.getCreationTimestamp());
        Object spec = resource.getAdditionalProperties().get("spec");
        return new L7Object(kind, meta.getNamespace(), meta.getName(), created,
                spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), meta.getGeneration());
    }

    public static String ref(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
