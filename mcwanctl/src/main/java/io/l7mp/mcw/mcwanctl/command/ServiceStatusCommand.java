package io.l7mp.mcw.mcwanctl.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.adapter.grpc.AdminEndpoints;
import io.l7mp.mcw.mcwanctl.adapter.grpc.GrpcCalls;
import io.l7mp.mcw.mcwanctl.adapter.k8s.ClusterConnection;
import io.l7mp.mcw.mcwanctl.adapter.k8s.Views;
import io.l7mp.mcw.mcwanctl.domain.ActiveTunnelView;
import io.l7mp.mcw.mcwanctl.domain.ExportView;
import io.l7mp.mcw.mcwanctl.domain.FailoverView;
import io.l7mp.mcw.mcwanctl.domain.ImportView;
import io.l7mp.mcw.mcwanctl.domain.LiveView;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;
import io.l7mp.mcw.mcwanctl.domain.StatusReport;
import io.l7mp.mcw.mcwanctl.domain.TunnelHealthView;
import io.l7mp.mcw.mcwanctl.domain.TunnelStatusView;
import io.l7mp.mcw.mcwanctl.output.Printer;
import io.l7mp.mcw.mcwanctl.output.StatusTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcwanctl status NAME/NAMESPACE}: the service across every context of the kubeconfig (clusters asked in
 * parallel): its ServiceExport(s) and conditions, its ServiceImport in each cluster with conditions and
 * {@code status.tunnels}, the live view of each importing cluster's gateway and telemetry-service, and the failovers
 * in effect.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
        "Shows where a service is exported and imported across every cluster (context) of the kubeconfig: the "
                + "export's conditions, each import's conditions (WANPolicySatisfied among them) and the tunnel its "
                + "cluster uses (RTT, jitter, loss, SLA), the live view from the gateways' and telemetry-services' "
                + "gRPC APIs where they can be reached, and any failover in effect.",
        "gRPC addresses: --gateway-admin / --telemetry [CONTEXT=]HOST:PORT, found by themselves for a bin/sandbox "
                + "kubeconfig." }, footerHeading = "%nExample:%n", footer = "  mcwanctl --context cluster-1 status payment/secure -o yaml")
final class ServiceStatusCommand implements Runnable {

    @ParentCommand
    McwanctlCommand root;

    @Parameters(index = "0", paramLabel = "NAME/NAMESPACE", description = "The service, e.g. payment/secure.")
    String service;

    /** What one cluster says. */
    private record ClusterStatus(ExportView export, ImportView imported) {
    }

    @Override
    public void run() {
        String selected = root.context();
        ServiceRef ref = root.serviceRef(service, selected);
        List<String> contexts = root.kubeconfig().contexts();
        AdminEndpoints endpoints = root.adminEndpoints(selected);
        List<ClusterStatus> clusters = collect(contexts, ref, endpoints);
        ClusterStatus own = clusters.get(contexts.indexOf(selected));
        if (own.export().error() != null) {
            throw new CliException(own.export().error());
        }
        List<ExportView> exports = new ArrayList<>();
        for (ClusterStatus cluster : clusters) {
            if (cluster.export().exists() || cluster == own) {
                exports.add(cluster.export());
            }
        }
        List<ImportView> imports = clusters.stream().map(ClusterStatus::imported).toList();
        if (exports.stream().noneMatch(ExportView::exists) && imports.stream().noneMatch(ImportView::exists)) {
            throw new CliException(ref.qualified() + " is neither exported nor imported in any context of "
                    + root.kubeconfig().path() + " (" + String.join(", ", contexts) + "): export it with mcwanctl "
                    + "--context " + selected + " export " + ref.argument() + " --wan-policy=P");
        }
        StatusReport report = new StatusReport(ref.name(), ref.namespace(), exports, imports, failovers(imports));
        switch (root.output()) {
            case table -> root.out().print(StatusTables.render(report, selected));
            default -> Printer.print(root.out(), root.output(), report);
        }
        root.out().flush();
    }

    private List<ClusterStatus> collect(List<String> contexts, ServiceRef ref, AdminEndpoints endpoints) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(contexts.size(), 8)), r -> {
            Thread thread = new Thread(r, "mcwanctl-status");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ClusterStatus>> futures = contexts.stream()
                    .map(context -> pool.submit(() -> collect(context, ref, endpoints))).toList();
            List<ClusterStatus> result = new ArrayList<>();
            for (Future<ClusterStatus> future : futures) {
                result.add(future.get());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while asking the clusters", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CliException(e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private ClusterStatus collect(String context, ServiceRef ref, AdminEndpoints endpoints) {
        try (ClusterConnection cluster = root.connect(context)) {
            Optional<GenericKubernetesResource> export = cluster.get(cluster.serviceExports(), ref);
            Optional<GenericKubernetesResource> imported = cluster.get(cluster.serviceImports(), ref);
            ExportView exportView = export.map(e -> new ExportView(context, true, Views.policyAnnotation(e),
                    e.getMetadata().getCreationTimestamp(), Views.conditions(e), null))
                    .orElseGet(() -> new ExportView(context, false, null, null, List.of(), null));
            ImportView importView = imported.map(i -> importView(context, ref, i, endpoints))
                    .orElseGet(() -> new ImportView(context, false, null, null, List.of(), List.of(), null, null,
                            List.of(), List.of(), null));
            return new ClusterStatus(exportView, importView);
        } catch (CliException e) {
            return new ClusterStatus(new ExportView(context, false, null, null, List.of(), e.getMessage()),
                    new ImportView(context, false, e.getMessage(), null, List.of(), List.of(), null, null, List.of(),
                            List.of(), null));
        }
    }

    private static ImportView importView(String context, ServiceRef ref, GenericKubernetesResource object,
            AdminEndpoints endpoints) {
        Object type = Views.spec(object).get("type");
        List<String> clusters = Views.importClusters(object);
        List<TunnelStatusView> tunnels = Views.tunnels(object);
        Set<String> exporters = new LinkedHashSet<>(clusters);
        tunnels.forEach(t -> exporters.add(t.cluster()));
        return new ImportView(context, true, null, type == null ? null : type.toString(),
                Views.strings(Views.spec(object).get("ips")), clusters, Views.policyAnnotation(object),
                Views.annotation(object, io.l7mp.mcw.mcwanctl.domain.StaticImport.ANNOTATION_INGRESS),
                Views.conditions(object), tunnels, live(context, ref, exporters, endpoints));
    }

    /** The gateway's and telemetry-service's answers for this service; null when neither address is known. */
    private static LiveView live(String context, ServiceRef ref, Set<String> exporters, AdminEndpoints endpoints) {
        Optional<AdminEndpoints.Endpoint> gateway = endpoints.gateway(context);
        Optional<AdminEndpoints.Endpoint> telemetry = endpoints.telemetry(context);
        if (gateway.isEmpty() && telemetry.isEmpty()) {
            return null;
        }
        List<ActiveTunnelView> active = List.of();
        String gatewayError = gateway.isEmpty() ? "no address: pass --gateway-admin " + context + "=HOST:PORT" : null;
        if (gateway.isPresent()) {
            try (GrpcCalls calls = GrpcCalls.to(gateway.get())) {
                active = calls.activeTunnels().stream().filter(t -> t.service().equals(ref.qualified())).toList();
            } catch (CliException e) {
                gatewayError = e.getMessage();
            }
        }
        Set<String> destinations = new LinkedHashSet<>(exporters);
        active.forEach(t -> destinations.add(t.cluster()));
        List<TunnelHealthView> health = List.of();
        String telemetryError = telemetry.isEmpty() ? "no address: pass --telemetry " + context + "=HOST:PORT" : null;
        if (telemetry.isPresent()) {
            try (GrpcCalls calls = GrpcCalls.to(telemetry.get())) {
                health = calls.tunnels().stream()
                        .filter(t -> destinations.isEmpty() || destinations.contains(t.destinationCluster()))
                        .toList();
            } catch (CliException e) {
                telemetryError = e.getMessage();
            }
        }
        return new LiveView(gateway.map(AdminEndpoints.Endpoint::toString).orElse(null), gatewayError, active,
                telemetry.map(AdminEndpoints.Endpoint::toString).orElse(null), telemetryError, health);
    }

    /**
     * Failovers in effect, and the last switch of each importing cluster's traffic: from the gateway's live choice
     * where it answered (with the last failover or fail-back since it started), else from {@code status.tunnels}
     * (failovers in effect only).
     */
    static List<FailoverView> failovers(List<ImportView> imports) {
        List<FailoverView> failovers = new ArrayList<>();
        for (ImportView imported : imports) {
            if (!imported.exists()) {
                continue;
            }
            LiveView live = imported.live();
            if (live != null && live.gatewayError() == null) {
                live.activeTunnels().stream().filter(t -> t.failedOver() || t.lastSwitch() != null)
                        .forEach(t -> failovers.add(new FailoverView(imported.context(), t.cluster(), t.policy(),
                                t.preferredTunnel(), t.tunnel(), t.kind(), t.reason(), t.reconsiderAt(),
                                t.lastSwitch())));
                continue;
            }
            imported.tunnels().stream()
                    .filter(t -> t.tunnel() != null && t.preferredTunnel() != null
                            && !t.tunnel().equals(t.preferredTunnel()))
                    .forEach(t -> failovers.add(new FailoverView(imported.context(), t.cluster(), t.policy(),
                            t.preferredTunnel(), t.tunnel(), null, t.reason(), null, null)));
        }
        return failovers;
    }
}
