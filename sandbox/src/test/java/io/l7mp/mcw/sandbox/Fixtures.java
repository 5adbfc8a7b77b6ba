package io.l7mp.mcw.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.sandbox.scenario.ImportExpectation;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;

/** Builders and readers of the objects the end-to-end tests create and check. */
final class Fixtures {

    static final String HIGH = "sd-wan-priority-high";

    private Fixtures() {
    }

    static void namespace(KubernetesClient client, String namespace) {
        ServiceLevelScenario.ensureNamespace(client, namespace);
    }

    /** Creates a Service with one TCP port named {@code http}, selecting {@code app=<name>}. */
    static Service createService(KubernetesClient client, String namespace, String name, int port) {
        Service service = new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name))
                .addNewPort().withName("http").withProtocol("TCP").withPort(port).withTargetPort(new IntOrString(port))
                .endPort().endSpec()
                .build();
        return client.resource(service).create();
    }

    /** Exports {@code namespace/name} with WAN policy {@code policy}. */
    static ServiceExport createExport(KubernetesClient client, String namespace, String name, String policy) {
        ServiceExport export = new ServiceExport();
        export.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withAnnotations(Map.of(WANPolicy.ANNOTATION, policy)).build());
        return client.resources(ServiceExport.class).inNamespace(namespace).resource(export).create();
    }

    static void deleteExport(KubernetesClient client, String namespace, String name) {
        client.resources(ServiceExport.class).inNamespace(namespace).withName(name).delete();
    }

    static Optional<ServiceImport> serviceImport(KubernetesClient client, String namespace, String name) {
        return Optional.ofNullable(client.resources(ServiceImport.class).inNamespace(namespace).withName(name).get());
    }

    /** The ServiceImports of a namespace: name to ports ({@code http/TCP/8080}). */
    static Map<String, List<String>> importsIn(KubernetesClient client, String namespace) {
        Map<String, List<String>> imports = new TreeMap<>();
        client.resources(ServiceImport.class).inNamespace(namespace).list().getItems()
                .forEach(i -> imports.put(i.getMetadata().getName(), ImportExpectation.ports(i)));
        return imports;
    }

    /** Every ServiceImport of a cluster: {@code namespace/name} to ports. */
    static Map<String, List<String>> allImports(KubernetesClient client) {
        Map<String, List<String>> imports = new TreeMap<>();
        client.resources(ServiceImport.class).inAnyNamespace().list().getItems()
                .forEach(i -> imports.put(i.getMetadata().getNamespace() + "/" + i.getMetadata().getName(),
                        ImportExpectation.ports(i)));
        return imports;
    }

    static Optional<Condition> exportCondition(KubernetesClient client, String namespace, String name, String type) {
        ServiceExport export = client.resources(ServiceExport.class).inNamespace(namespace).withName(name).get();
        if (export == null || export.getStatus() == null) {
            return Optional.empty();
        }
        return export.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
