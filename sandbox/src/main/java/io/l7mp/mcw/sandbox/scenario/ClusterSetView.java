package io.l7mp.mcw.sandbox.scenario;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportStatus;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.sandbox.Sandbox;

/** Reads ServiceImports and ServiceExports across the clusterset and prints them the way kubectl would. */
public final class ClusterSetView {

    private static final String NONE = "<none>";

    private final Sandbox sandbox;

    public ClusterSetView(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** The ServiceImport {@code namespace/name} of {@code cluster}, if it exists. */
    public Optional<ServiceImport> serviceImport(String cluster, String namespace, String name) {
        return Optional.ofNullable(sandbox.client(cluster).resources(ServiceImport.class).inNamespace(namespace)
                .withName(name).get());
    }

    /** Every ServiceImport of every cluster (cluster name to its imports, by namespace and name). */
    public Map<String, List<ServiceImport>> serviceImports() {
        return sandbox.clusters().stream().collect(Collectors.toMap(c -> c,
                c -> sorted(sandbox.client(c).resources(ServiceImport.class).inAnyNamespace().list().getItems()),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** Every ServiceExport of every cluster. */
    public Map<String, List<ServiceExport>> serviceExports() {
        return sandbox.clusters().stream().collect(Collectors.toMap(c -> c,
                c -> sorted(sandbox.client(c).resources(ServiceExport.class).inAnyNamespace().list().getItems()),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** CLUSTER, NAMESPACE, NAME, TYPE, IP, PORTS, WAN-POLICY, EXPORTED-FROM. */
    public static String importsTable(Map<String, List<ServiceImport>> imports) {
        TextTable table = new TextTable("CLUSTER", "NAMESPACE", "NAME", "TYPE", "IP", "PORTS", "WAN-POLICY",
                "EXPORTED-FROM");
        imports.forEach((cluster, list) -> list.forEach(i -> table.row(cluster, i.getMetadata().getNamespace(),
                i.getMetadata().getName(), orNone(i.getSpec() == null ? null : i.getSpec().getType()), ips(i),
                ports(i), orNone(annotation(i, WANPolicy.ANNOTATION)), exportedFrom(i))));
        return table.isEmpty() ? "No ServiceImports." : table.render();
    }

    /** CLUSTER, NAMESPACE, NAME, CONDITION, STATUS, REASON, MESSAGE: one row per condition. */
    public static String exportConditionsTable(Map<String, List<ServiceExport>> exports) {
        TextTable table = new TextTable("CLUSTER", "NAMESPACE", "NAME", "CONDITION", "STATUS", "REASON", "MESSAGE");
        exports.forEach((cluster, list) -> list.forEach(e -> {
            List<Condition> conditions = e.getStatus() == null ? List.of() : e.getStatus().getConditions();
            if (conditions.isEmpty()) {
                table.row(cluster, e.getMetadata().getNamespace(), e.getMetadata().getName(), NONE, "", "",
                        "no status yet");
            }
            conditions.forEach(c -> table.row(cluster, e.getMetadata().getNamespace(), e.getMetadata().getName(),
                    c.getType(), orNone(c.getStatus()), orNone(c.getReason()), orNone(c.getMessage())));
        }));
        return table.isEmpty() ? "No ServiceExports." : table.render();
    }

    /** {@code http:8080/TCP}, comma-separated. */
    public static String ports(ServiceImport serviceImport) {
        if (serviceImport.getSpec() == null || serviceImport.getSpec().getPorts().isEmpty()) {
            return NONE;
        }
        return serviceImport.getSpec().getPorts().stream().map(ClusterSetView::port).collect(Collectors.joining(","));
    }

    private static String port(ServiceImportPort port) {
        String name = port.getName() == null || port.getName().isEmpty() ? "" : port.getName() + ":";
        return name + port.getPort() + "/" + (port.getProtocol() == null ? "TCP" : port.getProtocol());
    }

    private static String ips(ServiceImport serviceImport) {
        List<String> ips = serviceImport.getSpec() == null ? null : serviceImport.getSpec().getIps();
        return ips == null || ips.isEmpty() ? NONE : String.join(",", ips);
    }

    private static String exportedFrom(ServiceImport serviceImport) {
        List<ServiceImportStatus.ClusterStatus> clusters = serviceImport.getStatus() == null ? List.of()
                : serviceImport.getStatus().getClusters();
        return clusters.isEmpty() ? NONE
                : clusters.stream().map(ServiceImportStatus.ClusterStatus::getCluster).collect(Collectors.joining(","));
    }

    private static String annotation(HasMetadata resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> items) {
        return items.stream().sorted(Comparator.comparing((T r) -> r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName())).toList();
    }
}
