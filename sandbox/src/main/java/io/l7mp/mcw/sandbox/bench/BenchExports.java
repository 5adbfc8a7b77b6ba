package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.YamlApplier;

/**
 * The MCW side of the gateway benchmark: the benchmark's services exported from the serving cluster (a Service, an
 * EndpointSlice on the local backend, a ServiceExport with the WAN policy), and the egress ports the client cluster's
 * gateway opens for their imports.
 */
final class BenchExports {

    static final String POLICY = "sd-wan-priority-high";

    private BenchExports() {
    }

    /**
     * Exports every service from {@code serverCluster} and waits (up to two minutes) for {@code clientCluster}'s egress
     * port of each.
     *
     * @return the egress port of each service, by service name
     */
    static Map<String, Integer> exportAndImport(Sandbox sandbox, String serverCluster, String clientCluster,
            List<BenchService> services, PrintStream out) {
        Path policies = sandbox.repoRoot().resolve("k8s/examples/service-level/wanpolicies.yaml");
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), policies);
            ServiceLevelScenario.ensureNamespace(sandbox.client(cluster), BenchService.NAMESPACE);
        }
        KubernetesClient server = sandbox.client(serverCluster);
        for (BenchService service : services) {
            export(server, service);
            out.printf("[bench] exported %s/%s (port %s %d -> 127.0.0.1:%d) from %s with %s%n", BenchService.NAMESPACE,
                    service.name(), service.portName(), service.port(), service.backendPort(), serverCluster, POLICY);
        }
        out.printf("[bench] waiting for %s's imports and egress ports%n", clientCluster);
        KubernetesClient client = sandbox.client(clientCluster);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (BenchService service : services) {
            int port = await("the egress port of " + BenchService.NAMESPACE + "/" + service.name() + " in "
                    + clientCluster).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> egressPort(client, service), p -> p > 0);
            ports.put(service.name(), port);
        }
        return ports;
    }

    private static void export(KubernetesClient server, BenchService service) {
        String name = service.name();
        server.resource(new ServiceBuilder()
                .withNewMetadata().withNamespace(BenchService.NAMESPACE).withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name))
                .addNewPort().withName(service.portName()).withProtocol("TCP").withPort(service.port())
                .withTargetPort(new IntOrString(service.backendPort())).endPort()
                .endSpec().build()).create();
        server.resource(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(BenchService.NAMESPACE).withName(name + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName(service.portName()).withProtocol("TCP").withPort(service.backendPort()).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        ServiceExport export = new ServiceExport();
        export.setMetadata(new ObjectMetaBuilder().withNamespace(BenchService.NAMESPACE).withName(name)
                .withAnnotations(Map.of(WANPolicy.ANNOTATION, POLICY)).build());
        server.resources(ServiceExport.class).inNamespace(BenchService.NAMESPACE).resource(export).create();
    }

    /** The egress port of {@code service}'s port in its import's annotation, or 0 while there is none. */
    private static int egressPort(KubernetesClient client, BenchService service) {
        ServiceImport serviceImport = client.resources(ServiceImport.class).inNamespace(BenchService.NAMESPACE)
                .withName(service.name()).get();
        if (serviceImport == null || serviceImport.getMetadata().getAnnotations() == null) {
            return 0;
        }
        return EgressPortAnnotation.parse(serviceImport.getMetadata().getAnnotations()
                .get(ServiceImport.ANNOTATION_EGRESS_PORTS)).stream()
                .filter(p -> service.portName().equals(p.name()))
                .mapToInt(EgressPort::egressPort)
                .findFirst().orElse(0);
    }
}
