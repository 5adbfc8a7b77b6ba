package io.l7mp.mcw.export.adapter.k8s;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceExportSpec;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.export.domain.ExportRef;
import io.l7mp.mcw.export.domain.LocalEndpointSlice;
import io.l7mp.mcw.export.domain.LocalExport;
import io.l7mp.mcw.export.domain.LocalPolicy;
import io.l7mp.mcw.export.domain.LocalService;

/** Maps the Kubernetes objects the service watches to the planner's domain types. */
public final class KubernetesMapper {
    /** The label Kubernetes puts on an EndpointSlice to name its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private KubernetesMapper() {
    }

    public static ExportRef ref(HasMetadata object) {
        return new ExportRef(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /**
     * @param firstSeen used when the API server did not set creationTimestamp (a real one always does)
     */
    public static LocalExport export(ServiceExport export, Instant firstSeen) {
        Map<String, String> annotations = export.getMetadata().getAnnotations();
        String policy = annotations == null ? null : annotations.get(WANPolicy.ANNOTATION);
        ServiceExportSpec spec = export.getSpec();
        return new LocalExport(ref(export), Optional.ofNullable(policy),
                created(export.getMetadata().getCreationTimestamp()).orElse(firstSeen),
                spec == null ? null : spec.getExportedLabels(), spec == null ? null : spec.getExportedAnnotations());
    }

    public static LocalService service(Service service) {
        ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
        List<ExportPort> ports = spec.getPorts() == null ? List.of()
                : spec.getPorts().stream().map(KubernetesMapper::port).toList();
        return new LocalService(ref(service), spec.getType(), spec.getClusterIP(), spec.getSessionAffinity(), ports,
                sessionAffinityConfig(spec.getSessionAffinityConfig()), spec.getInternalTrafficPolicy(),
                spec.getTrafficDistribution());
    }

    private static SessionAffinityConfig sessionAffinityConfig(io.fabric8.kubernetes.api.model.SessionAffinityConfig c) {
        if (c == null) {
            return null;
        }
        return new SessionAffinityConfig(
                c.getClientIP() == null ? null : new SessionAffinityConfig.ClientIP(c.getClientIP().getTimeoutSeconds()));
    }

    private static ExportPort port(ServicePort p) {
        return new ExportPort(p.getName(), p.getProtocol(), p.getAppProtocol(), p.getPort());
    }

    /** Empty for a slice that belongs to no Service (no {@value #SERVICE_NAME_LABEL} label). */
    public static Optional<LocalEndpointSlice> slice(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (service == null || service.isBlank()) {
            return Optional.empty();
        }
        List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
        List<Boolean> ready = endpoints.stream()
                .map(e -> e.getConditions() == null ? null : e.getConditions().getReady())
                .toList();
        return Optional.of(new LocalEndpointSlice(new ExportRef(slice.getMetadata().getNamespace(), service), ready));
    }

    public static LocalPolicy policy(WANPolicy policy) {
        Optional<Condition> accepted = policy.getStatus() == null || policy.getStatus().getConditions() == null
                ? Optional.empty()
                : policy.getStatus().getConditions().stream().filter(c -> "Accepted".equals(c.getType())).findFirst();
        return new LocalPolicy(policy.getMetadata().getName(),
                accepted.map(c -> "True".equals(c.getStatus())).orElse(false),
                accepted.map(Condition::getMessage).filter(m -> !m.isBlank()));
    }

    private static Optional<Instant> created(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
