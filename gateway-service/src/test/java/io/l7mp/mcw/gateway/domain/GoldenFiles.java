package io.l7mp.mcw.gateway.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.mcs.StaticIngress;

/**
 * The golden cases of the route table: {@code golden/<case>/in.yaml} (exports, imports, policies, local services and
 * L7 objects, inline or as files of the shipped examples) and {@code out.yaml} (the table as
 * {@link RouteTableRenderer} renders it). Run with {@code -Dmcw.golden.update=true} to rewrite the out files after an
 * intended change, then review the diff.
 */
final class GoldenFiles {
    static final Path ROOT = Path.of("src", "test", "resources", "golden");
    static final boolean UPDATE = Boolean.getBoolean("mcw.golden.update");

    private GoldenFiles() {
    }

    /** The in.yaml of a case. */
    record Case(String cluster, List<PolicyEvent> policies, List<ExportEvent> exports, List<ImportYaml> imports,
            List<Local> localServices, List<Map<String, Object>> l7, List<String> l7Files, Tunnels tunnels) {

        GatewayInputs inputs() {
            List<Map<String, Object>> objects = new ArrayList<>(orEmpty(l7));
            orEmpty(l7Files).forEach(f -> objects.addAll(Yaml.documents(Path.of(f))));
            return new GatewayInputs(cluster, orEmpty(exports),
                    orEmpty(imports).stream().map(ImportYaml::toDomain).toList(), orEmpty(policies),
                    orEmpty(localServices).stream().map(Local::toDomain).toList(), Yaml.l7Objects(objects),
                    tunnels == null ? TunnelInputs.NONE : tunnels.toDomain());
        }
    }

    /**
     * An import; with {@code static} (the three annotations of {@link StaticIngress}: {@code ingress}, {@code policy},
     * {@code cluster}) and {@code created}, a static one.
     */
    record ImportYaml(String namespace, String name, List<ImportedPort> ports,
            @com.fasterxml.jackson.annotation.JsonProperty("static") Map<String, String> staticIngress,
            Instant created) {
        ImportedService toDomain() {
            if (staticIngress == null) {
                return new ImportedService(namespace, name, ports);
            }
            Map<String, String> annotations = new java.util.HashMap<>();
            annotations.put(StaticIngress.ANNOTATION_INGRESS, staticIngress.get("ingress"));
            annotations.put(StaticIngress.ANNOTATION_POLICY, staticIngress.get("policy"));
            if (staticIngress.containsKey("cluster")) {
                annotations.put(StaticIngress.ANNOTATION_CLUSTER, staticIngress.get("cluster"));
            }
            ImportSource source;
            try {
                source = new ImportSource.Static(StaticIngress.of(annotations).orElseThrow(), created);
            } catch (IllegalArgumentException e) {
                source = new ImportSource.Unusable(e.getMessage());
            }
            return new ImportedService(namespace, name, ports, source);
        }
    }

    /** The tunnel inputs: the paths' health (as the tracker keeps it), the tunnels in use, the time. */
    record Tunnels(List<PathYaml> paths, Map<String, String> current, Instant now) {
        TunnelInputs toDomain() {
            return new TunnelInputs(orEmpty(paths).stream().map(PathYaml::toDomain).toList(), current, now);
        }
    }

    /** One path's health: {@code satisfiedSince} per policy, verdicts as {@code policy: [violations]}. */
    record PathYaml(String destinationCluster, String tunnel, TunnelState state, String reason, TunnelFigures figures,
            Map<String, List<String>> verdicts, Instant upSince, Map<String, Instant> satisfiedSince) {
        PathHealth toDomain() {
            List<SlaVerdict> list = new ArrayList<>();
            if (verdicts != null) {
                verdicts.forEach((policy, violations) -> list.add(new SlaVerdict(policy, violations.isEmpty(),
                        violations)));
            }
            return new PathHealth(new PathKey(destinationCluster, tunnel), state, reason, figures, list, upSince,
                    satisfiedSince);
        }
    }

    /** A local Service with endpoints written {@code host:port}. */
    record Local(String namespace, String name, String clusterIp, List<LocalPortYaml> ports) {
        LocalService toDomain() {
            return new LocalService(namespace, name, clusterIp, orEmpty(ports).stream()
                    .map(p -> new LocalPort(p.name(), p.protocol(), p.port(),
                            orEmpty(p.endpoints()).stream().map(Endpoint::parse).toList()))
                    .toList());
        }
    }

    record LocalPortYaml(String name, String protocol, int port, List<String> endpoints) {
    }

    static Case read(String name) {
        try {
            return Yaml.MAPPER.readValue(ROOT.resolve(name).resolve("in.yaml").toFile(), Case.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden case " + name, e);
        }
    }

    static RouteTable table(String name) {
        return RouteTableBuilder.build(read(name).inputs());
    }

    static String render(RouteTable table) {
        return Yaml.write(RouteTableRenderer.render(table));
    }

    static String expected(String name) throws IOException {
        return Files.readString(ROOT.resolve(name).resolve("out.yaml"));
    }

    static void update(String name, String actual) throws IOException {
        Files.writeString(ROOT.resolve(name).resolve("out.yaml"), actual);
    }

    /** Every case directory on disk. */
    static Set<String> directories() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
