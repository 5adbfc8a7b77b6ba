package io.l7mp.mcw.mcwanctl.command;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;
import io.l7mp.mcw.mcwanctl.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcwanctl unexport NAME/NAMESPACE}: deletes the ServiceExport; the Service itself stays. */
@Command(name = "unexport", mixinStandardHelpOptions = true, description = {
        "Stops exporting a Service: deletes its ServiceExport. The Service stays; the other clusters' imports of it "
                + "go away (unless another cluster exports it too)." }, footerHeading = "%nExample:%n", footer = "  mcwanctl --context cluster-1 unexport payment/secure")
final class ServiceUnexportCommand implements Runnable {

    @ParentCommand
    McwanctlCommand root;

    @Parameters(index = "0", paramLabel = "NAME/NAMESPACE", description = "The exported Service, e.g. payment/secure.")
    String service;

    @Override
    public void run() {
        String context = root.context();
        ServiceRef ref = root.serviceRef(service, context);
        try (ClusterConnection cluster = root.connect(context)) {
            ResourceDefinitionContext kind = cluster.serviceExports();
            GenericKubernetesResource existing = cluster.get(kind, ref).orElseThrow(() -> notExported(cluster, kind,
                    ref));
            cluster.delete(kind, ref);
            switch (root.output()) {
                case table -> root.out().println("serviceexport " + ref.qualified() + " deleted in context " + context);
                default -> Printer.print(root.out(), root.output(), existing);
            }
            root.out().flush();
        }
    }

    private static CliException notExported(ClusterConnection cluster, ResourceDefinitionContext kind, ServiceRef ref) {
        var exported = cluster.names(kind, ref.namespace());
        return new CliException("Service " + ref.qualified() + " is not exported in context '" + cluster.context()
                + "' (no ServiceExport); exported in namespace " + ref.namespace() + ": "
                + (exported.isEmpty() ? "none" : String.join(", ", exported)));
    }
}
