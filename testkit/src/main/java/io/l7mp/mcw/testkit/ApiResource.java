package io.l7mp.mcw.testkit;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One resource as the stand-in serves it at one group version: the kind's address plus what kubectl reads from
 * discovery (singular name, short names, categories) and what the stand-in needs for OpenAPI, admission and tables.
 *
 * @param kind where the resource is served
 * @param singular the singular name, e.g. {@code wanpolicy}
 * @param shortNames e.g. {@code wanp}
 * @param categories e.g. {@code all}
 * @param storageVersion the version objects of this resource are stored in; differs from {@code kind.version()} when
 *        a CRD serves several versions of the same objects
 * @param schema the CRD's {@code openAPIV3Schema} for this version, or a missing node (built-in and schemaless kinds)
 * @param printerColumns the CRD's {@code additionalPrinterColumns}; empty for built-in kinds
 * @param fromCrd whether a committed CRD file defines this resource
 */
record ApiResource(KubeKind kind, String singular, List<String> shortNames, List<String> categories,
        String storageVersion, JsonNode schema, List<PrinterColumn> printerColumns, boolean fromCrd) {

    ApiResource {
        Objects.requireNonNull(kind, "kind");
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        printerColumns = List.copyOf(printerColumns);
        schema = schema == null ? MissingNode.getInstance() : schema;
    }

    static ApiResource builtIn(KubeKind kind, List<String> shortNames, List<String> categories) {
        return new ApiResource(kind, kind.kind().toLowerCase(), shortNames, categories, kind.version(), null,
                List.of(), false);
    }

    String group() {
        return kind.group();
    }

    String version() {
        return kind.version();
    }

    String plural() {
        return kind.plural();
    }

    /** Whether requests for this version are served from objects stored in another version. */
    boolean convertsFromStorage() {
        return !storageVersion.equals(kind.version());
    }

    /** {@code group/storageVersion}, or {@code storageVersion} for the core group. */
    String storageApiVersion() {
        return kind.group().isEmpty() ? storageVersion : kind.group() + "/" + storageVersion;
    }

    /** {@code plural.group}, as API errors name a resource, e.g. {@code wanpolicies.mcw.l7mp.io}. */
    String qualifiedName() {
        return kind.group().isEmpty() ? kind.plural() : kind.plural() + "." + kind.group();
    }
}
