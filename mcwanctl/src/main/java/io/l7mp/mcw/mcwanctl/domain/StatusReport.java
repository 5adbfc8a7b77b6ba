package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/** What {@code mcwanctl status NAME/NAMESPACE} reports. */
public record StatusReport(String service, String namespace, List<ExportView> exports, List<ImportView> imports,
        List<FailoverView> failovers) {
}
