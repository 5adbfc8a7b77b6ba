package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/** The ServiceExport of a service in one cluster: its WAN policy and conditions; {@code exists} false when none. */
public record ExportView(String context, boolean exists, String policy, String created,
        List<ConditionView> conditions, String error) {
}
