package io.l7mp.mcw.testkit;

/**
 * A column of {@code kubectl get}: what a CRD's {@code additionalPrinterColumns} declare, and what the stand-in
 * declares for built-in kinds.
 *
 * @param name the column header, e.g. {@code Port}
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
 * @param format an OpenAPI format such as {@code name}, or empty
 * @param description what the column shows
 * @param priority 0 for the default view, higher for {@code -o wide}
 * @param jsonPath a Kubernetes JSONPath expression without braces, e.g. {@code .spec.port}
 */
public record PrinterColumn(String name, String type, String format, String description, int priority,
        String jsonPath) {
}
