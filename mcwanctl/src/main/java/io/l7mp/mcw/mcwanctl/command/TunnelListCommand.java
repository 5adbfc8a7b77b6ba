package io.l7mp.mcw.mcwanctl.command;

import java.util.List;
import java.util.stream.Collectors;

import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.adapter.grpc.AdminEndpoints;
import io.l7mp.mcw.mcwanctl.adapter.grpc.GrpcCalls;
import io.l7mp.mcw.mcwanctl.domain.TunnelHealthView;
import io.l7mp.mcw.mcwanctl.domain.TunnelUpdateView;
import io.l7mp.mcw.mcwanctl.output.OutputFormat;
import io.l7mp.mcw.mcwanctl.output.Printer;
import io.l7mp.mcw.mcwanctl.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcwanctl tunnels [--watch]}: the health of every SD-WAN tunnel the cluster's telemetry-service probes
 * ({@code TunnelTelemetry.ListTunnels}), or every change as it happens ({@code WatchTunnels}).
 */
@Command(name = "tunnels", mixinStandardHelpOptions = true, description = {
        "Shows the live health of the SD-WAN tunnels from the cluster to the others, as its telemetry-service "
                + "measures them: state, RTT, jitter, loss and the SLA verdict per WAN policy.",
        "The telemetry-service's gRPC address comes from --telemetry, or from the sandbox when the kubeconfig is "
                + "bin/sandbox's." }, footerHeading = "%nExamples:%n", footer = {
                        "  mcwanctl --context cluster-2 tunnels",
                        "  mcwanctl --context cluster-2 tunnels --watch -o json",
                        "  mcwanctl tunnels --telemetry 10.0.0.5:8080" })
final class TunnelListCommand implements Runnable {

    private static final String[] HEADERS = { "SOURCE", "DESTINATION", "TUNNEL", "PORT", "STATE", "RTT-MS",
            "RTT-P99-MS", "JITTER-MS", "LOSS-%", "SLA", "REASON" };

    @ParentCommand
    McwanctlCommand root;

    @Option(names = { "-w", "--watch" }, description = "Follow the health stream (WatchTunnels) until Ctrl-C.")
    boolean watch;

    @Override
    public void run() {
        String context = root.context();
        AdminEndpoints.Endpoint endpoint = root.adminEndpoints(context).telemetry(context)
                .orElseThrow(() -> new CliException("no telemetry-service address for context '" + context
                        + "': pass --telemetry HOST:PORT (its quarkus.http.port; bin/sandbox prints them)"));
        try (GrpcCalls calls = GrpcCalls.to(endpoint)) {
            if (watch) {
                watch(calls);
            } else {
                list(calls.tunnels());
            }
        }
    }

    private void list(List<TunnelHealthView> tunnels) {
        if (root.output() != OutputFormat.table) {
            Printer.print(root.out(), root.output(), tunnels);
            return;
        }
        Table table = new Table(HEADERS);
        tunnels.forEach(t -> row(table, t));
        root.out().print(table.render());
        root.out().flush();
    }

    private void watch(GrpcCalls calls) {
        boolean[] header = { false };
        calls.watchTunnels(update -> {
            switch (root.output()) {
                case json -> root.out().println(Printer.jsonLine(update));
                case yaml -> root.out().print("---\n" + Printer.format(OutputFormat.yaml, update));
                case table -> printRow(update, header);
            }
            root.out().flush();
            return true;
        });
        root.note("the telemetry-service ended the watch");
    }

    private void printRow(TunnelUpdateView update, boolean[] header) {
        // each update is a line of its own; columns are sized for typical values rather than buffered
        if (!header[0]) {
            root.out().println(String.format("%-10s %-14s %-14s %-10s %-6s %-9s %8s %9s %7s  %s", "UPDATE", "SOURCE",
                    "DESTINATION", "TUNNEL", "PORT", "STATE", "RTT-MS", "JITTER-MS", "LOSS-%", "SLA"));
            header[0] = true;
        }
        if (update.health() == null) {
            root.out().println(String.format("%-10s %s", "removed", update.removedKey()));
            return;
        }
        TunnelHealthView t = update.health();
        root.out().println(String.format("%-10s %-14s %-14s %-10s %-6d %-9s %8s %9s %7s  %s",
                update.snapshot() ? "snapshot" : "change", t.sourceCluster(), t.destinationCluster(), t.tunnel(),
                t.port(), t.state(), Table.number(t.rttMs()), Table.number(t.jitterMs()),
                Table.number(t.lossPercent()), verdicts(t)));
    }

    private static void row(Table table, TunnelHealthView t) {
        table.row(t.sourceCluster(), t.destinationCluster(), t.tunnel(), t.port(), t.state(), Table.number(t.rttMs()),
                Table.number(t.rttP99Ms()), Table.number(t.jitterMs()), Table.number(t.lossPercent()), verdicts(t),
                t.reason());
    }

    /** {@code sd-wan-priority-high:ok,sd-wan-priority-low:VIOLATED(latency 120 ms > 100 ms)}. */
    static String verdicts(TunnelHealthView t) {
        return t.sla().stream().map(v -> v.policy() + ":" + (v.satisfied() ? "ok"
                : "VIOLATED" + (v.violations().isEmpty() ? "" : "(" + String.join("; ", v.violations()) + ")")))
                .collect(Collectors.joining(","));
    }
}
