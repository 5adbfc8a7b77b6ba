package io.l7mp.mcw.mcwanctl.command;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Views;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;
import io.l7mp.mcw.mcwanctl.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcwanctl export NAME/NAMESPACE --wan-policy=P}: creates the ServiceExport of an existing Service with the
 * WAN policy annotation, or changes the policy of an existing export. Running it again changes nothing.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = {
        "Exports a Service to the clusterset over the SD-WAN tunnel of a WAN policy: creates its ServiceExport "
                + "(multicluster.x-k8s.io) with the annotation mcw.l7mp.io/mc-wan-policy.",
        "The Service must exist. P is a WANPolicy name; when none has exactly that name, the only policy whose name "
                + "ends in -P is used (--wan-policy=high finds sd-wan-priority-high)." }, footerHeading = "%nExample:%n", footer = "  mcwanctl --context cluster-1 export payment/secure --wan-policy=high")
final class ServiceExportCommand implements Runnable {

    @ParentCommand
    McwanctlCommand root;

    @Parameters(index = "0", paramLabel = "NAME/NAMESPACE", description = "The Service, e.g. payment/secure (or payment -n secure).")
    String service;

    @Option(names = "--wan-policy", required = true, paramLabel = "P", description = "The WANPolicy the traffic to this service takes (its name, or the end of it after '-').")
    String wanPolicy;

    @Override
    public void run() {
        String context = root.context();
        ServiceRef ref = root.serviceRef(service, context);
        try (ClusterConnection cluster = root.connect(context)) {
            requireService(cluster, ref);
            String policy = PolicyLookup.resolve(root, cluster, wanPolicy);
            ResourceDefinitionContext kind = cluster.serviceExports();
            Optional<GenericKubernetesResource> existing = cluster.get(kind, ref);
            GenericKubernetesResource result;
            String what;
            if (existing.isEmpty()) {
                result = cluster.create(kind, serviceExport(kind, ref, policy));
                what = "created";
            } else if (policy.equals(Views.policyAnnotation(existing.get()))) {
                result = existing.get();
                what = "unchanged (already exported with this policy)";
            } else {
                String previous = Views.policyAnnotation(existing.get());
                result = cluster.mergePatch(kind, ref,
                        Map.of("metadata", Map.of("annotations", Map.of(WANPolicy.ANNOTATION, policy))));
                what = "updated (WAN policy was " + (previous == null ? "none" : previous) + ")";
            }
            print(context, ref, policy, result, what);
        }
    }

    private void print(String context, ServiceRef ref, String policy, GenericKubernetesResource result, String what) {
        switch (root.output()) {
            case table -> {
                root.out().println("serviceexport " + ref.qualified() + " " + what + " in context " + context
                        + ", WAN policy " + policy);
                root.out().flush();
                root.note("next: mcwanctl --context " + context + " status " + ref.argument());
            }
            default -> Printer.print(root.out(), root.output(), result);
        }
    }

    /** Refuses to export what does not exist: an export of a missing Service would wait silently. */
    static void requireService(ClusterConnection cluster, ServiceRef ref) {
        if (cluster.service(ref).isPresent()) {
            return;
        }
        if (!cluster.namespaceExists(ref.namespace())) {
            throw new CliException("namespace " + ref.namespace() + " does not exist in context '" + cluster.context()
                    + "', so there is no Service " + ref.qualified() + " to export: check NAME/NAMESPACE (the form is "
                    + "payment/secure)");
        }
        var names = cluster.serviceNames(ref.namespace());
        throw new CliException("Service " + ref.qualified() + " does not exist in context '" + cluster.context()
                + "': create the Service first, or pick one of namespace " + ref.namespace() + ": "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    private static GenericKubernetesResource serviceExport(ResourceDefinitionContext kind, ServiceRef ref,
            String policy) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.getGroup() + "/" + kind.getVersion())
                .withKind(kind.getKind())
                .withNewMetadata()
                .withName(ref.name())
                .withNamespace(ref.namespace())
                .addToAnnotations(WANPolicy.ANNOTATION, policy)
                .endMetadata()
                .build();
    }
}
