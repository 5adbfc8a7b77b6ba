package io.l7mp.mcw.mcwanctl.command;

import java.util.Comparator;
import java.util.List;

import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Views;
import io.l7mp.mcw.mcwanctl.domain.PolicyView;
import io.l7mp.mcw.mcwanctl.output.Printer;
import io.l7mp.mcw.mcwanctl.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mcwanctl policies}: the cluster's WANPolicies, their tunnel, port, SLA and whether they are accepted. */
@Command(name = "policies", mixinStandardHelpOptions = true, description = {
        "Lists the WAN policies (WANPolicy, cluster-scoped) of the cluster: tunnel, port, SLA, failover and whether "
                + "the policy-service accepted them." }, footerHeading = "%nExample:%n", footer = "  mcwanctl --context cluster-1 policies -o yaml")
final class PolicyListCommand implements Runnable {

    @ParentCommand
    McwanctlCommand root;

    @Override
    public void run() {
        String context = root.context();
        List<PolicyView> policies;
        try (ClusterConnection cluster = root.connect(context)) {
            policies = cluster.wanPolicyObjects().stream().map(Views::policy)
                    .sorted(Comparator.comparing(PolicyView::name)).toList();
        }
        switch (root.output()) {
            case table -> {
                if (policies.isEmpty()) {
                    root.note("no WANPolicy in context " + context
                            + " (apply some: kubectl apply -f k8s/examples/service-level/wanpolicies.yaml)");
                    return;
                }
                Table table = new Table("NAME", "TUNNEL", "PORT", "LATENCY-MS", "JITTER-MS", "LOSS-%", "DSCP",
                        "FAILOVER", "ACCEPTED", "REASON");
                policies.forEach(p -> table.row(p.name(), p.tunnel(), p.port(), Table.number(p.latencyMs()),
                        Table.number(p.jitterMs()), Table.number(p.lossPercent()), p.dscp(),
                        String.join(",", p.failover()), p.accepted(), p.problem() != null ? p.problem() : p.reason()));
                root.out().print(table.render());
                root.out().flush();
            }
            default -> Printer.print(root.out(), root.output(), policies);
        }
    }
}
