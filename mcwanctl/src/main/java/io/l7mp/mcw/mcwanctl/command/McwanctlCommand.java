package io.l7mp.mcw.mcwanctl.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.l7mp.mcw.mcwanctl.UsageException;
import io.l7mp.mcw.mcwanctl.adapter.grpc.AdminEndpoints;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Kubeconfig;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;
import io.l7mp.mcw.mcwanctl.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mcwanctl}: the global options (accepted before or after the subcommand) and what every subcommand needs
 * from them: the kubeconfig, the context, the namespace, the output format and the gRPC addresses.
 */
@Command(name = "mcwanctl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, usageHelpAutoWidth = true, description = {
        "Exports and imports services across the clusters of an MCW clusterset over SD-WAN tunnels, and shows what "
                + "the tunnels do. Also runs as the kubectl plugin 'kubectl mcwan'." }, subcommands = {
                        ServiceExportCommand.class, ServiceUnexportCommand.class, ServiceImportCommand.class,
                        ServiceStatusCommand.class, PolicyListCommand.class, TunnelListCommand.class,
                        CompletionScriptCommand.class }, footerHeading = "%nExamples:%n", footer = {
                                "  mcwanctl --context cluster-1 export payment/secure --wan-policy=high",
                                "  mcwanctl --context cluster-1 status payment/secure",
                                "  mcwanctl --context cluster-2 import payment/secure --ingress-gw=192.0.2.10",
                                "  mcwanctl policies -o yaml", "  mcwanctl tunnels --watch",
                                "", "Exit codes: 0 success, 1 failure, 2 usage error.",
                                "Documentation: docs/mcwanctl.md" })
public final class McwanctlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "Kubeconfig to use (default: KUBECONFIG, else ~/.kube/config).")
    Path kubeconfigOption;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "CONTEXT", description = "Kubeconfig context (cluster) to use (default: the current context).")
    String contextOption;

    @Option(names = { "-n",
            "--namespace" }, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE", description = "Namespace of NAME when it is not given as NAME/NAMESPACE (default: the context's, else default).")
    String namespaceOption;

    @Option(names = { "-o",
            "--output" }, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--gateway-admin", scope = ScopeType.INHERIT, paramLabel = "[CONTEXT=]HOST:PORT", description = "Address of a gateway's gRPC admin API (repeatable; without CONTEXT= for the selected context). "
            + "Found by itself for a bin/sandbox kubeconfig.")
    List<String> gatewayAdminOptions = new ArrayList<>();

    @Option(names = "--telemetry", scope = ScopeType.INHERIT, paramLabel = "[CONTEXT=]HOST:PORT", description = "Address of a telemetry-service's gRPC API (repeatable, like --gateway-admin).")
    List<String> telemetryOptions = new ArrayList<>();

    private final Map<String, String> env;
    private final Path home;
    private Kubeconfig kubeconfig;

    public McwanctlCommand(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    OutputFormat output() {
        return output;
    }

    Kubeconfig kubeconfig() {
        if (kubeconfig == null) {
            kubeconfig = Kubeconfig.load(Optional.ofNullable(kubeconfigOption), env, home);
        }
        return kubeconfig;
    }

    /** The selected context: {@code --context}, else the kubeconfig's current one. */
    String context() {
        return kubeconfig().resolveContext(Optional.ofNullable(contextOption));
    }

    ClusterConnection connect(String context) {
        return ClusterConnection.open(kubeconfig(), context);
    }

    /** NAME/NAMESPACE (or NAME with -n or the context's namespace), as a usage error when it is not. */
    ServiceRef serviceRef(String argument, String context) {
        try {
            return ServiceRef.parse(argument, Optional.ofNullable(namespaceOption), kubeconfig().namespaceOf(context));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The namespace for commands without NAME: {@code -n}, else the context's. */
    String namespace(String context) {
        return namespaceOption != null ? namespaceOption : kubeconfig().namespaceOf(context);
    }

    AdminEndpoints adminEndpoints(String selectedContext) {
        return AdminEndpoints.of(gatewayAdminOptions, telemetryOptions, selectedContext, kubeconfig().path());
    }

    /** An informational line on stderr, so that stdout stays the command's output (e.g. for -o json). */
    void note(String message) {
        err().println(message);
        err().flush();
    }
}
