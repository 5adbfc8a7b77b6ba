package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CustomResourceDefinitions the API server stand-in serves, read from the committed CRD files
 * ({@code k8s/crds/*.yml}): which versions are served and stored, their schemas, printer columns, short names and
 * categories. Everything the stand-in does for a custom resource (discovery, OpenAPI, admission, tables, serving
 * several versions of one stored object) follows from these files, so a version added there is served without a
 * code change.
 */
public final class CrdCatalog {

    /** System property naming the CRD directory explicitly. */
    public static final String DIRECTORY_PROPERTY = "mcw.testkit.crds";
    /** System property naming the repository root (shared with the sandbox); the CRDs are in its {@code k8s/crds}. */
    public static final String HOME_PROPERTY = "mcw.home";
    private static final Path RELATIVE = Path.of("k8s", "crds");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static volatile CrdCatalog committed;

    private final List<Crd> crds;

    private CrdCatalog(List<Crd> crds) {
        this.crds = List.copyOf(crds);
    }

    /**
     * The committed CRDs: {@code -Dmcw.testkit.crds=DIR}, else {@code k8s/crds} of {@code -Dmcw.home}, else of the
     * nearest directory above the working directory that has one (tests run in a module directory, the sandbox at
     * the repository root).
     */
    public static CrdCatalog committed() {
        CrdCatalog catalog = committed;
        if (catalog == null) {
            synchronized (CrdCatalog.class) {
                if (committed == null) {
                    committed = load(locate());
                }
                catalog = committed;
            }
        }
        return catalog;
    }

    /** Reads every {@code *.yml} / {@code *.yaml} CustomResourceDefinition of {@code directory}, in name order. */
    public static CrdCatalog load(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Crd> crds = new ArrayList<>();
            for (Path file : files.filter(CrdCatalog::isYaml).sorted().collect(Collectors.toList())) {
                crds.addAll(read(file));
            }
            return new CrdCatalog(crds);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CRD directory " + directory, e);
        }
    }

    /** A catalog of the given CRD documents (parsed CustomResourceDefinition objects), for tests. */
    static CrdCatalog of(List<JsonNode> documents) {
        return new CrdCatalog(documents.stream().map(d -> Crd.parse(d, "a test fixture")).collect(Collectors.toList()));
    }

    public List<Crd> crds() {
        return crds;
    }

    static Path locate() {
        String explicit = System.getProperty(DIRECTORY_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return requireDirectory(Path.of(explicit), "-D" + DIRECTORY_PROPERTY + "=" + explicit);
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return requireDirectory(Path.of(home).resolve(RELATIVE), "-D" + HOME_PROPERTY + "=" + home);
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(RELATIVE))) {
                return dir.resolve(RELATIVE);
            }
        }
        throw new IllegalStateException("Cannot find the committed CRDs (k8s/crds) above " + start
                + "; run from inside the MCW checkout or set -D" + DIRECTORY_PROPERTY + "=<directory of CRD files>");
    }

    private static Path requireDirectory(Path dir, String setting) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(setting + ": " + dir.toAbsolutePath() + " is not a directory of CRD files");
        }
        return dir;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static List<Crd> read(Path file) throws IOException {
        List<Crd> crds = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && "CustomResourceDefinition".equals(document.path("kind").asText())) {
                    crds.add(Crd.parse(document, file.toString()));
                }
            }
        }
        return crds;
    }

    /**
     * One CustomResourceDefinition.
     *
     * @param versions in the order of the file; at most one has {@code storage: true}
     */
    public record Crd(String group, String kind, String plural, String singular, boolean namespaced,
            List<String> shortNames, List<String> categories, List<Version> versions) {

        public Crd {
            shortNames = List.copyOf(shortNames);
            categories = List.copyOf(categories);
            versions = List.copyOf(versions);
        }

        /** The version objects are stored in: the one marked {@code storage: true}, else the first served one. */
        public Version storageVersion() {
            return versions.stream().filter(Version::storage).findFirst()
                    .orElseGet(() -> versions.stream().filter(Version::served).findFirst().orElseThrow());
        }

        public List<Version> servedVersions() {
            return versions.stream().filter(Version::served).collect(Collectors.toList());
        }

        public Optional<Version> version(String name) {
            return versions.stream().filter(v -> v.name().equals(name)).findFirst();
        }

        static Crd parse(JsonNode crd, String source) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            String group = required(spec, "group", source);
            String kind = required(names, "kind", source);
            String plural = required(names, "plural", source);
            List<Version> versions = new ArrayList<>();
            for (JsonNode version : spec.path("versions")) {
                versions.add(Version.parse(version, source));
            }
            if (versions.stream().noneMatch(Version::served)) {
                throw new IllegalArgumentException("CRD " + plural + "." + group + " in " + source
                        + " serves no version: expected at least one of spec.versions with served: true");
            }
            return new Crd(group, kind, plural, names.path("singular").asText(kind.toLowerCase()),
                    "Namespaced".equals(spec.path("scope").asText("Namespaced")), strings(names.path("shortNames")),
                    strings(names.path("categories")), versions);
        }
    }

    /**
     * One version of a CRD.
     *
     * @param schema the {@code openAPIV3Schema}, or a missing node when the version has none
     */
    public record Version(String name, boolean served, boolean storage, JsonNode schema,
            List<PrinterColumn> printerColumns, boolean statusSubresource) {

        public Version {
            printerColumns = List.copyOf(printerColumns);
        }

        static Version parse(JsonNode version, String source) {
            String name = required(version, "name", source);
            List<PrinterColumn> columns = new ArrayList<>();
            for (JsonNode column : version.path("additionalPrinterColumns")) {
                columns.add(new PrinterColumn(required(column, "name", source), column.path("type").asText("string"),
                        column.path("format").asText(""), column.path("description").asText(""),
                        column.path("priority").asInt(0), required(column, "jsonPath", source)));
            }
            return new Version(name, version.path("served").asBoolean(true), version.path("storage").asBoolean(false),
                    version.path("schema").path("openAPIV3Schema"), columns,
                    version.path("subresources").has("status"));
        }
    }

    private static String required(JsonNode node, String field, String source) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("CRD in " + source + " lacks " + field + " in " + node);
        }
        return value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
