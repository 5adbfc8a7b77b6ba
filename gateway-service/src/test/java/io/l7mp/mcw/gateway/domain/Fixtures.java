package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;

/** Small builders for inputs that tests write inline rather than as golden files. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Fixtures() {
    }

    static ExportEvent export(String cluster, String service, String policy, int tunnelPort, int ready,
            int... ports) {
        ServiceKey key = ServiceKey.parse(service);
        List<ExportPort> exportPorts = Arrays.stream(ports).mapToObj(p -> new ExportPort("p" + p, "TCP", null, p))
                .toList();
        return new ExportEvent(cluster, key.namespace(), key.name(), null, null, exportPorts,
                new ExportedPolicy(policy, policy + "-tunnel", tunnelPort, null, null), "gw." + cluster, ready, T0);
    }

    static ImportedService imported(String service, int port, int egressPort) {
        ServiceKey key = ServiceKey.parse(service);
        return new ImportedService(key.namespace(), key.name(),
                List.of(new ImportedPort("http", "TCP", port, egressPort)));
    }

    static PolicyEvent policy(String cluster, String name, int port) {
        return new PolicyEvent(cluster, name, name + "-tunnel", port, null, null, List.of(), null, 1);
    }

    static L7Object virtualService(String namespace, String name, String specYaml) {
        return new L7Object(L7Kind.VIRTUAL_SERVICE, namespace, name, T0, Yaml.spec("spec:\n" + indent(specYaml)));
    }

    static L7Object httpRoute(String namespace, String name, String specYaml) {
        return new L7Object(L7Kind.HTTP_ROUTE, namespace, name, T0, Yaml.spec("spec:\n" + indent(specYaml)));
    }

    static Map<String, Object> spec(String specYaml) {
        return Yaml.spec("spec:\n" + indent(specYaml));
    }

    private static String indent(String yaml) {
        return yaml.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
