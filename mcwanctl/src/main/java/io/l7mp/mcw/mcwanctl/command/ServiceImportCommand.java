package io.l7mp.mcw.mcwanctl.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.net.HostPort;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.UsageException;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Views;
import io.l7mp.mcw.mcwanctl.domain.ImportPort;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;
import io.l7mp.mcw.mcwanctl.domain.StaticImport;
import io.l7mp.mcw.mcwanctl.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcwanctl import NAME/NAMESPACE --ingress-gw=ADDRESS}: the static mode, for a cluster that is not on the
 * event bus. Creates a ServiceImport pinned to a remote ingress gateway ({@link StaticImport}), or pins the existing
 * one. What is not given is taken from the existing ServiceImport, else from the ServiceExport and Service of the
 * same name in another context of the kubeconfig.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = {
        "Imports a service from a cluster that is not on the event bus (static mode): creates a ServiceImport "
                + "pinned to that cluster's ingress gateway (annotation mcw.l7mp.io/static-ingress), which this "
                + "cluster's gateway sends the traffic to over the WAN policy's tunnel, and which the import-service "
                + "leaves alone.",
        "An existing ServiceImport of the same name is pinned (its annotations set) rather than replaced.",
        "Without --wan-policy or --port, they are taken from the existing ServiceImport, else from the "
                + "ServiceExport and Service of the same name in another context of the kubeconfig." }, footerHeading = "%nExamples:%n", footer = {
                        "  mcwanctl --context cluster-2 import payment/secure --ingress-gw=192.0.2.10",
                        "  mcwanctl --context edge import payment/secure --ingress-gw=192.0.2.10:31111 \\",
                        "      --wan-policy=high --port http:8080 --remote-cluster dc-1" })
final class ServiceImportCommand implements Runnable {

    @ParentCommand
    McwanctlCommand root;

    @Parameters(index = "0", paramLabel = "NAME/NAMESPACE", description = "The service, e.g. payment/secure.")
    String service;

    @Option(names = "--ingress-gw", required = true, paramLabel = "ADDRESS", description = "The remote cluster's ingress gateway: HOST, or HOST:PORT to override the WAN policy's tunnel port.")
    String ingressGateway;

    @Option(names = "--wan-policy", paramLabel = "P", description = "This cluster's WANPolicy for the traffic (its name, or the end of it after '-').")
    String wanPolicy;

    @Option(names = "--port", paramLabel = "[NAME:]PORT[/PROTOCOL]", description = "A port of the service (repeatable), e.g. http:8080 or dns:53/UDP.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--remote-cluster", paramLabel = "NAME", description = "The name the remote cluster goes by in status and tunnel health (default: the context that exports the service, else static-<host>).")
    String remoteCluster;

    @Override
    public void run() {
        String context = root.context();
        ServiceRef ref = root.serviceRef(service, context);
        HostPort ingress = parse(() -> HostPort.parse(ingressGateway), "--ingress-gw");
        List<ImportPort> givenPorts = ports.stream().map(p -> parse(() -> ImportPort.parse(p), "--port")).toList();
        try (ClusterConnection cluster = root.connect(context)) {
            if (!cluster.namespaceExists(ref.namespace())) {
                throw new CliException("namespace " + ref.namespace() + " does not exist in context '" + context
                        + "': create it first (kubectl --context " + context + " create namespace " + ref.namespace()
                        + ")");
            }
            ResourceDefinitionContext kind = cluster.serviceImports();
            Optional<GenericKubernetesResource> existing = cluster.get(kind, ref);
            RemoteExport remote = new RemoteExport(root, context, ref);
            String policy = policy(cluster, existing, remote);
            List<ImportPort> importPorts = givenPorts.isEmpty() ? ports(existing, remote) : givenPorts;
            StaticImport plan = new StaticImport(ref, ingress, policy, remoteCluster(existing, remote, ingress),
                    importPorts);
            GenericKubernetesResource result;
            String what;
            if (existing.isEmpty()) {
                result = cluster.create(kind, serviceImport(kind, plan));
                what = "created";
            } else {
                Map<String, Object> metadata = Map.of("labels", plan.labels(), "annotations", plan.annotations());
                Map<String, Object> patch = new LinkedHashMap<>();
                patch.put("metadata", metadata);
                if (!givenPorts.isEmpty()) {
                    patch.put("spec", Map.of("ports", plan.specPorts()));
                }
                what = Views.isStatic(existing.get()) ? "updated" : "pinned (it was the import-service's)";
                result = cluster.mergePatch(kind, ref, patch);
            }
            print(context, plan, result, what);
        }
    }

    private String policy(ClusterConnection cluster, Optional<GenericKubernetesResource> existing,
            RemoteExport remote) {
        if (wanPolicy != null) {
            return PolicyLookup.resolve(root, cluster, wanPolicy);
        }
        Optional<String> fromImport = existing.map(Views::policyAnnotation);
        if (fromImport.isPresent()) {
            root.note("note: WAN policy " + fromImport.get() + ", from the existing ServiceImport (--wan-policy "
                    + "changes it)");
            return fromImport.get();
        }
        Optional<String> fromExport = remote.export().map(Views::policyAnnotation);
        if (fromExport.isPresent()) {
            root.note("note: WAN policy " + fromExport.get() + ", from the ServiceExport in context "
                    + remote.context().orElseThrow());
            return PolicyLookup.resolve(root, cluster, fromExport.get());
        }
        List<String> policies = cluster.wanPolicyObjects().stream().map(p -> p.getMetadata().getName()).sorted()
                .toList();
        throw new CliException("no WAN policy for the import: pass --wan-policy=P (policies in context '"
                + cluster.context() + "': " + (policies.isEmpty() ? "none" : String.join(", ", policies)) + ")");
    }

    private List<ImportPort> ports(Optional<GenericKubernetesResource> existing, RemoteExport remote) {
        if (existing.isPresent()) {
            List<ImportPort> fromImport = portsOf(Views.spec(existing.get()).get("ports"));
            if (!fromImport.isEmpty()) {
                return fromImport;
            }
        }
        Optional<Service> service = remote.service();
        if (service.isPresent() && service.get().getSpec() != null && service.get().getSpec().getPorts() != null) {
            root.note("note: ports from Service " + service.get().getMetadata().getNamespace() + "/"
                    + service.get().getMetadata().getName() + " in context " + remote.context().orElseThrow());
            return service.get().getSpec().getPorts().stream().map(p -> new ImportPort(p.getName(), p.getPort(),
                    p.getProtocol() == null ? "TCP" : p.getProtocol())).toList();
        }
        throw new CliException("no ports for the import: pass --port [NAME:]PORT[/PROTOCOL] (repeatable), e.g. "
                + "--port http:8080");
    }

    private String remoteCluster(Optional<GenericKubernetesResource> existing, RemoteExport remote, HostPort ingress) {
        if (remoteCluster != null) {
            return remoteCluster;
        }
        Optional<String> fromAnnotation = existing.map(o -> Views.annotation(o, StaticImport.ANNOTATION_CLUSTER));
        if (fromAnnotation.isPresent()) {
            return fromAnnotation.get();
        }
        List<String> exporters = existing.map(Views::importClusters).orElse(List.of());
        if (exporters.size() == 1) {
            return exporters.get(0);
        }
        return remote.context().filter(c -> remote.export().isPresent())
                .orElseGet(() -> StaticImport.defaultClusterName(ingress));
    }

    private static List<ImportPort> portsOf(Object specPorts) {
        if (!(specPorts instanceof List<?> list)) {
            return List.of();
        }
        List<ImportPort> result = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> port && port.get("port") instanceof Number number) {
                Object protocol = port.get("protocol");
                Object name = port.get("name");
                result.add(new ImportPort(name == null ? null : name.toString(), number.intValue(),
                        protocol == null ? "TCP" : protocol.toString()));
            }
        }
        return result;
    }

    private static GenericKubernetesResource serviceImport(ResourceDefinitionContext kind, StaticImport plan) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", Mcs.TYPE_CLUSTER_SET_IP);
        spec.put("ports", plan.specPorts());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.getGroup() + "/" + kind.getVersion())
                .withKind(kind.getKind())
                .withNewMetadata()
                .withName(plan.service().name())
                .withNamespace(plan.service().namespace())
                .withLabels(plan.labels())
                .withAnnotations(plan.annotations())
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private void print(String context, StaticImport plan, GenericKubernetesResource result, String what) {
        switch (root.output()) {
            case table -> {
                String port = plan.ingress().port().isPresent()
                        ? "port " + plan.ingress().port().getAsInt() + " (given with --ingress-gw)"
                        : "the tunnel port of WAN policy " + plan.policy();
                root.out().println("serviceimport " + plan.service().qualified() + " " + what + " in context " + context
                        + ": static, ingress gateway " + plan.ingress().host() + " on " + port + ", remote cluster "
                        + plan.remoteCluster() + ", ports " + plan.ports().stream().map(ImportPort::toString)
                                .reduce((a, b) -> a + "," + b).orElse(""));
                root.out().flush();
                root.note("the import-service leaves a ServiceImport with " + StaticImport.ANNOTATION_INGRESS
                        + " alone; remove the annotation to hand it back (docs/mcwanctl.md, Static imports)");
                root.note("next: mcwanctl --context " + context + " status " + plan.service().argument());
            }
            default -> Printer.print(root.out(), root.output(), result);
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /**
     * The ServiceExport (and Service) of the same name in another context of the kubeconfig, looked up once and only
     * when needed; contexts that cannot be reached are skipped.
     */
    private static final class RemoteExport {
        private final McwanctlCommand root;
        private final String importingContext;
        private final ServiceRef ref;
        private boolean searched;
        private String context;
        private GenericKubernetesResource export;
        private Service service;

        RemoteExport(McwanctlCommand root, String importingContext, ServiceRef ref) {
            this.root = root;
            this.importingContext = importingContext;
            this.ref = ref;
        }

        Optional<String> context() {
            search();
            return Optional.ofNullable(context);
        }

        Optional<GenericKubernetesResource> export() {
            search();
            return Optional.ofNullable(export);
        }

        Optional<Service> service() {
            search();
            return Optional.ofNullable(service);
        }

        private void search() {
            if (searched) {
                return;
            }
            searched = true;
            for (String other : root.kubeconfig().contexts()) {
                if (other.equals(importingContext)) {
                    continue;
                }
                try (ClusterConnection cluster = root.connect(other)) {
                    Optional<GenericKubernetesResource> found = cluster.get(cluster.serviceExports(), ref);
                    if (found.isPresent()) {
                        context = other;
                        export = found.get();
                        service = cluster.service(ref).orElse(null);
                        return;
                    }
                } catch (CliException e) {
                    root.note("note: skipped context " + other + " while looking for the export: " + e.getMessage());
                }
            }
        }
    }
}
