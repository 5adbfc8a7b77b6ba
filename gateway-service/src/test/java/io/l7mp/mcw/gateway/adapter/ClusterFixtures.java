package io.l7mp.mcw.gateway.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** YAML of the objects the data-plane test puts in its API server. */
final class ClusterFixtures {
    private ClusterFixtures() {
    }

    static String namespaces(String... names) {
        StringBuilder yaml = new StringBuilder();
        for (String name : names) {
            yaml.append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").append(name).append('\n');
        }
        return yaml.toString();
    }

    /** A Service and an EndpointSlice with one ready endpoint on loopback. */
    static String service(String namespace, String name, String portName, int port, int backendPort) {
        return """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  ports: [{name: %3$s, protocol: TCP, port: %4$d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %2$s-1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: %2$s}
                addressType: IPv4
                ports: [{name: %3$s, protocol: TCP, port: %5$d}]
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                """.formatted(namespace, name, portName, port, backendPort);
    }

    /** A Service whose EndpointSlice lists one ready endpoint at {@code address} (no slice when it is null). */
    static String serviceAt(String namespace, String name, String portName, int port, String address, int targetPort) {
        String service = """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  ports: [{name: %3$s, protocol: TCP, port: %4$d}]
                """.formatted(namespace, name, portName, port);
        if (address == null) {
            return service;
        }
        return service + """
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %2$s-1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: %2$s}
                addressType: IPv4
                ports: [{name: %3$s, protocol: TCP, port: %5$d}]
                endpoints: [{addresses: [%4$s], conditions: {ready: true}}]
                """.formatted(namespace, name, portName, address, targetPort);
    }

    /** A ServiceImport with its egress ports recorded as import-service records them. */
    static String serviceImport(String namespace, String name, String egressPorts) {
        return """
                ---
                apiVersion: multicluster.x-k8s.io/v1beta1
                kind: ServiceImport
                metadata:
                  name: %2$s
                  namespace: %1$s
                  annotations: {mcw.l7mp.io/egress-ports: "%3$s"}
                spec:
                  type: ClusterSetIP
                  ports: [{protocol: TCP, port: 1}]
                """.formatted(namespace, name, egressPorts);
    }

    /** A copy of a file of the shared examples (src/test/resources/examples). */
    static String example(String file) {
        try (InputStream in = ClusterFixtures.class.getResourceAsStream("/examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
