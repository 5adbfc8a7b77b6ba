package io.l7mp.mcw.sandbox.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;

/**
 * What a ServiceImport must look like (e.g. {@code expected-serviceimport.yaml}): its type and ports, plus a clusterset
 * VIP in {@code spec.ips} for type ClusterSetIP. Fields the import controller adds beyond these are allowed.
 */
public record ImportExpectation(String namespace, String name, String type, List<String> ports) {

    public ImportExpectation {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
    }

    /** Reads the expectation from a ServiceImport manifest. */
    public static ImportExpectation read(Path yaml) {
        try {
            ServiceImport expected = Serialization.unmarshal(Files.readString(yaml), ServiceImport.class);
            return new ImportExpectation(expected.getMetadata().getNamespace(), expected.getMetadata().getName(),
                    expected.getSpec().getType(), expected.getSpec().getPorts().stream().map(ImportExpectation::port)
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + yaml, e);
        }
    }

    /** {@code http/TCP/8080}: name, protocol (TCP when unset, as the API defaults it) and port. */
    public static String port(ServiceImportPort port) {
        return (port.getName() == null ? "" : port.getName()) + "/"
                + (port.getProtocol() == null ? "TCP" : port.getProtocol()) + "/" + port.getPort();
    }

    /** The ports of {@code actual} in the form of {@link #port(ServiceImportPort)}, sorted. */
    public static List<String> ports(ServiceImport actual) {
        return actual.getSpec() == null ? List.of()
                : actual.getSpec().getPorts().stream().map(ImportExpectation::port).sorted().toList();
    }

    /** Why {@code actual} does not meet this expectation, or empty if it does. */
    public Optional<String> mismatch(Optional<ServiceImport> actual) {
        if (actual.isEmpty()) {
            return Optional.of("no ServiceImport " + namespace + "/" + name);
        }
        ServiceImport found = actual.get();
        if (found.getSpec() == null) {
            return Optional.of("ServiceImport " + namespace + "/" + name + " has no spec");
        }
        if (!Objects.equals(type, found.getSpec().getType())) {
            return Optional.of("spec.type is " + found.getSpec().getType() + ", expected " + type);
        }
        List<String> actualPorts = ports(found);
        if (!actualPorts.equals(ports.stream().sorted().toList())) {
            return Optional.of("spec.ports are " + actualPorts + ", expected " + ports);
        }
        List<String> ips = found.getSpec().getIps();
        if ("ClusterSetIP".equals(type) && (ips == null || ips.isEmpty())) {
            return Optional.of("spec.ips is empty, expected the clusterset VIP");
        }
        return Optional.empty();
    }
}
