package io.l7mp.mcw.imports.adapter.k8s;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportStatus;
import io.l7mp.mcw.imports.domain.DesiredEndpointSlice;
import io.l7mp.mcw.imports.domain.DesiredImport;
import io.l7mp.mcw.imports.domain.DesiredService;
import io.l7mp.mcw.imports.domain.EgressEndpoint;
import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * Makes the owned ServiceImports, derived Services and EndpointSlices match the plan: creates what is missing,
 * updates only what differs (so that replays change no resourceVersion), deletes owned objects the plan no longer
 * has. The snapshot it is given holds only objects with the managed-by label, so nothing else is ever touched.
 * Logs one line per change with its reason; a failed operation is logged, recorded in the outcome and retried by
 * the next pass.
 */
@ApplicationScoped
public class KubernetesApplier {
    private static final Logger LOGGER = Logger.getLogger(KubernetesApplier.class);

    /** Independent objects are written concurrently: a pass costs about one API round trip per phase, not one per object. */
    private static final int WRITE_CONCURRENCY = 8;

    private static final ObjectMapper PATCH_JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Clock clock;
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITE_CONCURRENCY, r -> {
        Thread t = new Thread(r, "mcw-import-writer");
        t.setDaemon(true);
        return t;
    });
    private final WriteExpectations expectations = new WriteExpectations();
    /**
     * Per object: the resourceVersion it had when it was last found to match a desired record. While neither
     * changes, the object is known to be up to date and is not cloned and compared again; this keeps a pass
     * proportional to what changed rather than to every import of the cluster.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String resourceVersion, Object desired) {
    }

    @Inject
    public KubernetesApplier(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Whether the informer caches show every write of the previous passes (see {@link WriteExpectations}).
     *
     * @param cachedVersion the resourceVersion the cache holds for (kind, object), empty if none
     */
    public boolean cachesCaughtUp(BiFunction<String, ServiceRef, Optional<String>> cachedVersion) {
        return expectations.met(cachedVersion, clock.instant());
    }

    /**
     * @param whyGone the reason to log when the objects of an import are deleted
     * @return the clusterIPs of the owned derived Services after the changes, by Service
     */
    public Map<ServiceRef, String> applyServices(List<DesiredService> desired, Map<ServiceRef, Service> actual,
            Function<ServiceRef, String> whyGone, ApplyOutcome outcome) {
        Map<ServiceRef, Service> result = new ConcurrentHashMap<>(actual);
        forEach(unsettled(desired, d -> settled("Service", new ServiceRef(d.namespace(), d.name()), actual, d)), d -> {
            ServiceRef ref = new ServiceRef(d.namespace(), d.name());
            ServiceRef importRef = new ServiceRef(d.namespace(), d.importName());
            Service current = actual.get(ref);
            if (current != null && ImportResources.headless(current) != d.headless()) {
                // a clusterIP cannot change in place
                delete("Service", ref, importRef, current,
                        "clusterIP must change to " + (d.headless() ? "None" : "a VIP"), outcome);
                result.remove(ref);
                current = null;
            }
            Service applied = createOrUpdate("Service", ref, importRef, current, d, s -> ImportResources.service(d, s),
                    new Service(), "derived Service (VIP) of import " + importRef, ImportResources::serviceParts,
                    outcome);
            if (applied != null) {
                result.put(ref, applied);
            }
        });
        deleteStale("Service", actual, refs(desired, DesiredService::namespace, DesiredService::name), whyGone, outcome)
                .forEach(result::remove);
        return ClusterSnapshot.clusterIps(result);
    }

    public void applyImports(List<DesiredImport> desired, Map<ServiceRef, ServiceImport> actual,
            Function<ServiceRef, String> whyGone, ApplyOutcome outcome) {
        forEach(unsettled(desired, d -> {
            ServiceRef ref = new ServiceRef(d.namespace(), d.name());
            return settled("ServiceImport", ref, actual, d) && settled("ServiceImport/status", ref, actual, d);
        }), d -> {
            ServiceRef ref = new ServiceRef(d.namespace(), d.name());
            ServiceImport applied = createOrUpdate("ServiceImport", ref, ref, actual.get(ref), d,
                    i -> ImportResources.serviceImport(d, i), new ServiceImport(),
                    "exported by " + String.join(", ", d.clusters()), ImportResources::importParts, outcome);
            if (applied != null) {
                applyStatus(d, ref, applied, outcome);
            }
        });
        deleteStale("ServiceImport", actual, refs(desired, DesiredImport::namespace, DesiredImport::name), whyGone,
                outcome);
    }

    /**
     * Brings the static ServiceImports to the plan by merge patch of the few fields this service writes on them
     * ({@link ImportResources#pinnedPatch}), then their status. Nothing of them is ever created or deleted here.
     */
    public void applyPinned(List<DesiredImport> desired, Map<ServiceRef, ServiceImport> actual, ApplyOutcome outcome) {
        forEach(desired, d -> {
            ServiceRef ref = new ServiceRef(d.namespace(), d.name());
            ServiceImport current = actual.get(ref);
            if (current == null) {
                return;
            }
            String memo = "ServiceImport/" + ref;
            ServiceImport applied = current;
            if (!upToDate(memo, current, d)) {
                Map<String, Object> patch = ImportResources.pinnedPatch(d, current);
                if (patch.isEmpty()) {
                    remember(memo, current, d);
                } else {
                    try {
                        applied = client.resources(ServiceImport.class).inNamespace(ref.namespace())
                                .withName(ref.name()).patch(PatchContext.of(PatchType.JSON_MERGE),
                                        mergePatch(patch));
                        expectations.updated("ServiceImport", ref, current.getMetadata().getResourceVersion(),
                                clock.instant());
                        outcome.changed();
                        LOGGER.infof("updated static ServiceImport: name=%s reason=%s changed", ref,
                                String.join(", ", patchedFields(patch)));
                    } catch (KubernetesClientException e) {
                        failed("patch static ServiceImport " + ref, ref, e, outcome);
                        return;
                    }
                }
            }
            applyStatus(d, ref, applied, outcome);
        });
    }

    /** As JSON with its nulls: in a merge patch a null removes the field. */
    private static String mergePatch(Map<String, Object> patch) {
        try {
            return PATCH_JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a merge patch of plain maps", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> patchedFields(Map<String, Object> patch) {
        List<String> fields = new ArrayList<>();
        Object metadata = patch.get("metadata");
        if (metadata instanceof Map<?, ?> m) {
            ((Map<String, Object>) m.get("annotations")).keySet().forEach(k -> fields.add("annotation " + k));
        }
        if (patch.containsKey("spec")) {
            fields.add("spec.ips");
        }
        return fields;
    }

    public void applySlices(List<DesiredEndpointSlice> desired, Map<ServiceRef, EndpointSlice> actual,
            Function<ServiceRef, String> whyGone, ApplyOutcome outcome) {
        forEach(unsettled(desired, d -> settled("EndpointSlice", new ServiceRef(d.namespace(), d.name()), actual, d)),
                d -> {
                    ServiceRef ref = new ServiceRef(d.namespace(), d.name());
                    ServiceRef importRef = new ServiceRef(d.namespace(), d.importName());
                    EndpointSlice current = actual.get(ref);
                    if (current != null && !d.addressType().equals(current.getAddressType())) {
                        // addressType is immutable
                        delete("EndpointSlice", ref, importRef, current, "addressType must change to " + d.addressType(),
                                outcome);
                        current = null;
                    }
                    createOrUpdate("EndpointSlice", ref, importRef, current, d, s -> ImportResources.endpointSlice(d, s),
                            new EndpointSlice(), "Service " + d.serviceName() + " reaches the egress gateway at "
                                    + d.endpoints().stream().map(EgressEndpoint::address).toList(),
                            ImportResources::sliceParts, outcome);
                });
        deleteStale("EndpointSlice", actual, refs(desired, DesiredEndpointSlice::namespace, DesiredEndpointSlice::name),
                whyGone, outcome);
    }

    /**
     * The items that may need a write: those whose object was not found up to date at its current resourceVersion with
     * this very desired record. A pass of a large cluster in which one import changed hands one item to the writers,
     * not every import.
     */
    private static <T> List<T> unsettled(List<T> desired, Predicate<T> settled) {
        List<T> left = new ArrayList<>();
        for (T d : desired) {
            if (!settled.test(d)) {
                left.add(d);
            }
        }
        return left;
    }

    /** Whether the object of {@code ref} exists and was verified against {@code desired} at its resourceVersion. */
    private boolean settled(String kind, ServiceRef ref, Map<ServiceRef, ? extends HasMetadata> actual,
            Object desired) {
        HasMetadata current = actual.get(ref);
        return current != null && upToDate(kind + "/" + ref, current, desired);
    }

    /** Runs {@code write} for every item on the writer pool and waits for all of them. */
    private <T> void forEach(List<T> items, Consumer<T> write) {
        if (items.size() <= 1) {
            items.forEach(write);
            return;
        }
        CompletableFuture<?>[] all = items.stream().map(i -> CompletableFuture.runAsync(() -> write.accept(i), writers))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        writers.shutdownNow();
    }

    private void applyStatus(DesiredImport d, ServiceRef ref, ServiceImport current, ApplyOutcome outcome) {
        String memo = "ServiceImport/status/" + ref;
        if (upToDate(memo, current, d)) {
            return;
        }
        ServiceImportStatus status = ImportResources.status(d, current, clock.instant());
        if (json(status).equals(json(current.getStatus()))) {
            remember(memo, current, d);
            return;
        }
        ServiceImport copy = client.getKubernetesSerialization().clone(current);
        copy.setStatus(status);
        try {
            client.resource(copy).updateStatus();
            expectations.updated("ServiceImport", ref, current.getMetadata().getResourceVersion(), clock.instant());
            outcome.changed();
            if (headlines(status).equals(headlines(current.getStatus()))) {
                // only figures moved (of a tunnel in use, or in a message): they may every second, not worth a line
                LOGGER.debugf("updated ServiceImport status: name=%s tunnels=%s", ref, describeTunnels(d));
            } else {
                LOGGER.infof("updated ServiceImport status: name=%s reason=%s tunnels=%s", ref, describe(d),
                        describeTunnels(d));
            }
        } catch (KubernetesClientException e) {
            failed("update the status of ServiceImport " + ref, ref, e, outcome);
        }
    }

    private boolean upToDate(String memo, HasMetadata current, Object desired) {
        Verified v = verified.get(memo);
        return v != null && v.desired().equals(desired)
                && Objects.equals(v.resourceVersion(), current.getMetadata().getResourceVersion());
    }

    private void remember(String memo, HasMetadata current, Object desired) {
        verified.put(memo, new Verified(current.getMetadata().getResourceVersion(), desired));
    }

    private <T extends HasMetadata> T createOrUpdate(String kind, ServiceRef ref, ServiceRef importRef, T current,
            Object desiredRecord, UnaryOperator<T> build, T fresh, String createReason, Function<T, Map<String, Object>> parts,
            ApplyOutcome outcome) {
        try {
            if (current == null) {
                T created = client.resource(build.apply(fresh)).create();
                expectations.created(kind, ref, clock.instant());
                outcome.changed();
                LOGGER.infof("created %s: name=%s reason=%s", kind, ref, createReason);
                return created;
            }
            String memo = kind + "/" + ref;
            if (upToDate(memo, current, desiredRecord)) {
                return current;
            }
            T desired = build.apply(client.getKubernetesSerialization().clone(current));
            List<String> changed = differences(parts.apply(current), parts.apply(desired));
            if (changed.isEmpty()) {
                remember(memo, current, desiredRecord);
                return current;
            }
            T updated = client.resource(desired).update();
            expectations.updated(kind, ref, current.getMetadata().getResourceVersion(), clock.instant());
            outcome.changed();
            LOGGER.infof("updated %s: name=%s reason=%s changed", kind, ref, String.join(", ", changed));
            return updated;
        } catch (KubernetesClientException e) {
            failed((current == null ? "create " : "update ") + kind + " " + ref, importRef, e, outcome);
            return null;
        }
    }

    /** Deletes the owned objects the plan does not have; returns their references. */
    private <T extends HasMetadata> List<ServiceRef> deleteStale(String kind, Map<ServiceRef, T> actual,
            Collection<ServiceRef> desired, Function<ServiceRef, String> whyGone, ApplyOutcome outcome) {
        List<ServiceRef> stale = actual.keySet().stream().filter(r -> !desired.contains(r)).sorted().toList();
        for (ServiceRef ref : stale) {
            T object = actual.get(ref);
            ServiceRef importRef = importOf(kind, object);
            delete(kind, ref, importRef, object, whyGone.apply(importRef), outcome);
        }
        return stale;
    }

    private void delete(String kind, ServiceRef ref, ServiceRef importRef, HasMetadata object, String reason,
            ApplyOutcome outcome) {
        try {
            client.resource(object).delete();
            verified.remove(kind + "/" + ref);
            verified.remove(kind + "/status/" + ref);
            expectations.deleted(kind, ref, clock.instant());
            outcome.changed();
            LOGGER.infof("deleted %s: name=%s reason=%s", kind, ref, reason);
        } catch (KubernetesClientException e) {
            failed("delete " + kind + " " + ref, importRef, e, outcome);
        }
    }

    private static void failed(String what, ServiceRef importRef, KubernetesClientException e, ApplyOutcome outcome) {
        LOGGER.warnf("cannot %s (HTTP %d): %s; retrying", what, e.getCode(), e.getMessage());
        outcome.failed(importRef, what);
    }

    private List<String> differences(Map<String, Object> actual, Map<String, Object> desired) {
        return desired.keySet().stream().filter(k -> !json(actual.get(k)).equals(json(desired.get(k)))).toList();
    }

    private JsonNode json(Object value) {
        return client.getKubernetesSerialization().convertValue(value, JsonNode.class);
    }

    /** The import a derived object belongs to: the ServiceImport itself, or the one its label names. */
    private static ServiceRef importOf(String kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        Map<String, String> labels = object.getMetadata().getLabels();
        String name = "ServiceImport".equals(kind) || labels == null ? object.getMetadata().getName()
                : labels.getOrDefault(Mcs.LABEL_SERVICE_NAME, object.getMetadata().getName());
        return new ServiceRef(namespace, name);
    }

    private static <T> List<ServiceRef> refs(List<T> desired, Function<T, String> namespace, Function<T, String> name) {
        return desired.stream().map(d -> new ServiceRef(namespace.apply(d), name.apply(d))).toList();
    }

    /**
     * Type, status and reason of every condition, and the tunnel in use to each cluster with its state and SLA
     * verdict: what an operator wants a log line for when it changes.
     */
    private static List<String> headlines(ServiceImportStatus status) {
        if (status == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        Optional.ofNullable(status.getConditions()).orElse(List.of())
                .forEach(c -> lines.add(c.getType() + "/" + c.getStatus() + "/" + c.getReason()));
        Optional.ofNullable(status.getTunnels()).orElse(List.of()).forEach(t -> lines
                .add(t.getCluster() + "/" + t.getTunnel() + "/" + t.getState() + "/" + t.getSlaSatisfied()));
        return lines;
    }

    private static String describeTunnels(DesiredImport d) {
        return d.tunnels().stream().map(t -> t.cluster() + "=" + (t.tunnel() == null ? "-" : t.tunnel()) + "/"
                + t.state() + "/sla=" + t.slaSatisfied()).toList().toString();
    }

    private static String describe(DesiredImport d) {
        Map<String, String> conditions = new LinkedHashMap<>();
        d.conditions().forEach(c -> conditions.put(c.type(), c.status().wire() + "/" + c.reason()));
        return "conditions " + conditions + ", clusters " + d.clusters();
    }
}
