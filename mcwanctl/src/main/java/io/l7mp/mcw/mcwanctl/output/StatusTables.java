package io.l7mp.mcw.mcwanctl.output;

import java.util.List;

import io.l7mp.mcw.mcwanctl.domain.ActiveTunnelView;
import io.l7mp.mcw.mcwanctl.domain.ConditionView;
import io.l7mp.mcw.mcwanctl.domain.ExportView;
import io.l7mp.mcw.mcwanctl.domain.FailoverView;
import io.l7mp.mcw.mcwanctl.domain.ImportView;
import io.l7mp.mcw.mcwanctl.domain.LiveView;
import io.l7mp.mcw.mcwanctl.domain.StatusReport;
import io.l7mp.mcw.mcwanctl.domain.TunnelHealthView;
import io.l7mp.mcw.mcwanctl.domain.TunnelStatusView;

/** {@code mcwanctl status} for people: one section per question, each a table. */
public final class StatusTables {

    private StatusTables() {
    }

    public static String render(StatusReport report, String selectedContext) {
        StringBuilder out = new StringBuilder();
        String name = report.namespace() + "/" + report.service();
        exports(out, name, report.exports());
        imports(out, name, report.imports());
        tunnels(out, report.imports());
        live(out, report.imports());
        failovers(out, report.failovers());
        return out.toString();
    }

    private static void exports(StringBuilder out, String name, List<ExportView> exports) {
        out.append("SERVICEEXPORT ").append(name).append('\n');
        Table table = new Table("CONTEXT", "EXPORTED", "WAN-POLICY", "CREATED");
        Table conditions = new Table("CONTEXT", "CONDITION", "STATUS", "REASON", "MESSAGE");
        for (ExportView export : exports) {
            table.row(export.context(), export.error() != null ? "unknown: " + export.error()
                    : export.exists() ? "yes" : "no", export.policy(), export.created());
            export.conditions().forEach(c -> conditionRow(conditions, export.context(), c));
        }
        out.append(table.render("  "));
        if (!conditions.isEmpty()) {
            out.append('\n').append(conditions.render("  "));
        }
    }

    private static void imports(StringBuilder out, String name, List<ImportView> imports) {
        out.append("\nSERVICEIMPORT ").append(name).append(" in every context\n");
        Table table = new Table("CONTEXT", "IMPORTED", "TYPE", "IP", "EXPORTED-BY", "WAN-POLICY", "STATIC-INGRESS",
                "READY", "WAN-POLICY-SATISFIED");
        Table conditions = new Table("CONTEXT", "CONDITION", "STATUS", "REASON", "MESSAGE");
        for (ImportView imported : imports) {
            table.row(imported.context(), imported.error() != null ? "unknown: " + imported.error()
                    : imported.exists() ? "yes" : "no", imported.type(), String.join(",", imported.ips()),
                    String.join(",", imported.clusters()), imported.policy(), imported.staticIngress(),
                    status(imported.conditions(), "Ready"), status(imported.conditions(), "WANPolicySatisfied"));
            imported.conditions().forEach(c -> conditionRow(conditions, imported.context(), c));
        }
        out.append(table.render("  "));
        if (!conditions.isEmpty()) {
            out.append('\n').append(conditions.render("  "));
        }
    }

    private static void tunnels(StringBuilder out, List<ImportView> imports) {
        Table table = new Table("CONTEXT", "TO-CLUSTER", "POLICY", "TUNNEL", "PREFERRED", "PORT", "STATE", "RTT-MS",
                "JITTER-MS", "LOSS-%", "SLA", "REASON");
        for (ImportView imported : imports) {
            for (TunnelStatusView t : imported.tunnels()) {
                table.row(imported.context(), t.cluster(), t.policy(), t.tunnel(), t.preferredTunnel(), t.port(),
                        t.state(), Table.number(t.rttMs()), Table.number(t.jitterMs()), Table.number(t.lossPercent()),
                        sla(t.slaSatisfied()), t.reason());
            }
        }
        if (!table.isEmpty()) {
            out.append("\nTUNNELS IN USE (ServiceImport status.tunnels)\n").append(table.render("  "));
        }
    }

    private static void live(StringBuilder out, List<ImportView> imports) {
        StringBuilder section = new StringBuilder();
        Table gateway = new Table("CONTEXT", "TO-CLUSTER", "POLICY", "TUNNEL", "PREFERRED", "KIND", "STATE", "RTT-MS",
                "JITTER-MS", "LOSS-%", "SLA", "REASON");
        Table health = new Table("CONTEXT", "DESTINATION", "TUNNEL", "PORT", "STATE", "RTT-MS", "RTT-P99-MS",
                "JITTER-MS", "LOSS-%", "SLA");
        for (ImportView imported : imports) {
            LiveView live = imported.live();
            if (!imported.exists() || live == null) {
                continue;
            }
            if (live.gatewayError() != null) {
                section.append("  ").append(imported.context()).append(" gateway: ").append(live.gatewayError())
                        .append('\n');
            }
            if (live.telemetryError() != null) {
                section.append("  ").append(imported.context()).append(" telemetry: ").append(live.telemetryError())
                        .append('\n');
            }
            for (ActiveTunnelView t : live.activeTunnels()) {
                gateway.row(imported.context(), t.cluster(), t.policy(), t.tunnel(), t.preferredTunnel(), t.kind(),
                        t.state(), Table.number(t.rttMs()), Table.number(t.jitterMs()), Table.number(t.lossPercent()),
                        sla(t.slaSatisfied()), t.reason());
            }
            for (TunnelHealthView t : live.tunnelHealth()) {
                health.row(imported.context(), t.destinationCluster(), t.tunnel(), t.port(), t.state(),
                        Table.number(t.rttMs()), Table.number(t.rttP99Ms()), Table.number(t.jitterMs()),
                        Table.number(t.lossPercent()), verdicts(t));
            }
        }
        if (!gateway.isEmpty()) {
            section.append("  gateways (GatewayAdmin.ListActiveTunnels):\n").append(gateway.render("  "));
        }
        if (!health.isEmpty()) {
            section.append("  tunnel health (TunnelTelemetry.ListTunnels):\n").append(health.render("  "));
        }
        out.append("\nLIVE (gRPC)\n");
        out.append(section.length() == 0
                ? "  no gateway or telemetry address for the importing contexts: pass --gateway-admin / --telemetry "
                        + "[CONTEXT=]HOST:PORT\n"
                : section);
    }

    private static void failovers(StringBuilder out, List<FailoverView> failovers) {
        out.append("\nFAILOVER\n");
        List<FailoverView> inEffect = failovers.stream().filter(FailoverView::inEffect).toList();
        if (inEffect.isEmpty()) {
            out.append("  none in effect: every importing cluster uses its policy's own tunnel\n");
        }
        for (FailoverView f : inEffect) {
            out.append("  ").append(f.importingContext()).append(" -> ").append(f.cluster()).append(", policy ")
                    .append(f.policy()).append(": on ").append(f.tunnel()).append(" instead of ")
                    .append(f.preferredTunnel()).append(f.kind() == null ? "" : " (" + f.kind() + ")")
                    .append(f.reason() == null ? "" : ": " + f.reason())
                    .append(f.reconsiderAt() == null ? "" : "; reconsidered at " + f.reconsiderAt()).append('\n');
        }
        for (FailoverView f : failovers) {
            if (f.lastSwitch() != null) {
                out.append("  last switch ").append(f.importingContext()).append(" -> ").append(f.cluster())
                        .append(", policy ").append(f.policy()).append(": ").append(f.lastSwitch().describe())
                        .append('\n');
            }
        }
    }

    private static void conditionRow(Table table, String context, ConditionView c) {
        table.row(context, c.type(), c.status(), c.reason(), c.message());
    }

    private static String status(List<ConditionView> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).map(c -> c.status() + "/" + c.reason())
                .findFirst().orElse(null);
    }

    private static String sla(Boolean satisfied) {
        return satisfied == null ? "unknown" : satisfied ? "met" : "VIOLATED";
    }

    private static String verdicts(TunnelHealthView t) {
        return String.join(",", t.sla().stream().map(v -> v.policy() + ":" + (v.satisfied() ? "met" : "VIOLATED"))
                .toList());
    }
}
