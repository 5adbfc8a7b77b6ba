package io.l7mp.mcw.api.mcs;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Condition types and reasons of ServiceExports and ServiceImports. The MCS API ones are the constants of
 * sigs.k8s.io/mcs-api {@code v1beta1} ({@code ServiceExportConditionValid}, {@code ServiceExportReasonNoService}, ...),
 * which v1alpha1 objects use too; MCW's own are marked as such. The conflict reasons are {@link ConflictReason}.
 */
public final class McsConditions {
    /** ServiceExport: the export can be exported at all (its Service exists and has a type that can). */
    public static final String VALID = "Valid";
    /** ServiceExport: some property differs between the exporting clusters. Also written on ServiceImports by MCW. */
    public static final String CONFLICT = "Conflict";
    /** ServiceExport: exported; ServiceImport: usable. */
    public static final String READY = "Ready";
    /** MCW, ServiceExport and ServiceImport: whether every Service port crosses the WAN. */
    public static final String PORTS_CARRIED = "PortsCarried";

    /** {@code Valid=True}, and {@code Ready=True} of a ServiceImport. */
    public static final String REASON_VALID = "Valid";
    /** {@code Valid=False}: no Service of the export's namespace and name. */
    public static final String REASON_NO_SERVICE = "NoService";
    /** {@code Valid=False}: the Service's type cannot be exported (ExternalName). */
    public static final String REASON_INVALID_SERVICE_TYPE = "InvalidServiceType";
    /** {@code Ready=True} of a ServiceExport: published to the clusterset. */
    public static final String REASON_EXPORTED = "Exported";
    /** {@code Ready=True} of a ServiceImport. */
    public static final String REASON_READY = "Ready";
    /** {@code Ready=False}: on its way; it becomes ready by itself once what it waits for is there. */
    public static final String REASON_PENDING = "Pending";
    /** {@code Ready=False} of a ServiceExport: cannot be exported as it is; the message says what to change. */
    public static final String REASON_FAILED = "Failed";
    /** {@code Conflict=False}. */
    public static final String REASON_NO_CONFLICTS = "NoConflicts";
    /** MCW, {@code PortsCarried=True}. */
    public static final String REASON_ALL_PORTS_CARRIED = "AllPortsCarried";
    /**
     * MCW, {@code PortsCarried=False} (some ports are left out), and {@code Valid=False} when no port at all can be
     * carried: the gateways carry TCP only.
     */
    public static final String REASON_UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";

    private McsConditions() {
    }

    /** The reason of a {@code Conflict=True} condition: every reason that applies, in enum order, comma-separated. */
    public static String conflictReason(Collection<ExportConflict> conflicts) {
        if (conflicts.isEmpty()) {
            throw new IllegalArgumentException("no conflict to name, expected at least one");
        }
        return conflicts.stream().map(ExportConflict::reason).distinct().sorted().map(Enum::name)
                .collect(Collectors.joining(","));
    }
}
