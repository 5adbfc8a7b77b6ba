package io.l7mp.mcw.imports.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelHealthEvent;

/**
 * The golden cases of the ImportPlanner: {@code golden/<case>/in.yaml} (exports, namespaces, recorded allocations,
 * derived-Service clusterIPs, foreign objects, published events, egress gateway pods, tunnel health reports, the
 * gateway's latest event) and {@code out.yaml} (the plan). Run with
 * {@code -Dmcw.golden.update=true} to rewrite the out files after an intended change, then review the diff.
 */
final class GoldenFiles {
    static final Path ROOT = Path.of("src", "test", "resources", "golden");
    static final boolean UPDATE = Boolean.getBoolean("mcw.golden.update");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES))
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(DesiredImport.class, DesiredImportMixin.class);

    /** Imports without exported labels or annotations read as they did before those existed. */
    private abstract static class DesiredImportMixin {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract Map<String, String> exportedLabels();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract Map<String, String> exportedAnnotations();
    }

    private GoldenFiles() {
    }

    /** The in.yaml of a case. */
    record Case(Config config, List<ExportEvent> exports, List<String> namespaces, Map<String, String> allocations,
            Map<String, String> clusterIps, List<ObjectRef> foreign, List<ImportEvent> published,
            List<EgressPod> egressPods, List<TunnelHealthEvent> tunnelHealth, GatewayEvent gatewayEvent,
            List<PolicyEvent> ownPolicies, List<StaticYaml> statics) {

        PlannerInput input() {
            return new PlannerInput(
                    new ImportConfig(config.cluster(), config.egress(),
                            new PortRange(config.egressPortRangeStart(), config.egressPortRangeEnd())),
                    orEmpty(exports), Set.copyOf(orEmpty(namespaces)),
                    orEmpty(allocations).entrySet().stream().collect(Collectors.toMap(
                            e -> ServiceRef.parse(e.getKey()), e -> EgressPortAnnotation.parse(e.getValue()))),
                    orEmpty(clusterIps).entrySet().stream()
                            .collect(Collectors.toMap(e -> ServiceRef.parse(e.getKey()), Map.Entry::getValue)),
                    Set.copyOf(orEmpty(foreign)),
                    orEmpty(published).stream().collect(Collectors.toMap(ImportEvent::key, e -> e)),
                    orEmpty(egressPods), WanReports.of(config.cluster(), orEmpty(tunnelHealth), gatewayEvent),
                    orEmpty(statics).stream().map(s -> s.toDomain(config.cluster(), orEmpty(ownPolicies)))
                            .collect(Collectors.toMap(PinnedImport::ref, p -> p)));
        }
    }

    /** A static ServiceImport: its annotations, spec ports and type, and creation time. */
    record StaticYaml(String namespace, String name, Map<String, String> annotations, List<ExportPort> ports,
            String type, Instant created) {
        PinnedImport toDomain(String cluster, List<PolicyEvent> ownPolicies) {
            return PinnedImport.of(cluster, new ServiceRef(namespace, name), orEmpty(annotations), orEmpty(ports), type,
                    created == null ? Instant.EPOCH : created,
                    ownPolicies.stream().collect(Collectors.toMap(PolicyEvent::name, p -> p)));
        }
    }

    /** The settings, as the service reads them: the pod selector when given, else the fixed address. */
    record Config(String cluster, String egressAddress, String egressPodSelector, String egressPodNamespace,
            int egressPortRangeStart, int egressPortRangeEnd) {

        EgressSource egress() {
            if (egressPodSelector == null) {
                return new EgressSource.StaticAddress(egressAddress);
            }
            return new EgressSource.GatewayPods(egressPodNamespace, LabelSelector.parse(egressPodSelector));
        }
    }

    static Case read(String name) {
        try {
            return YAML.readValue(ROOT.resolve(name).resolve("in.yaml").toFile(), Case.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden case " + name, e);
        }
    }

    static String write(ImportPlan plan) {
        try {
            return YAML.writeValueAsString(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? new LinkedHashMap<>() : map;
    }
}
