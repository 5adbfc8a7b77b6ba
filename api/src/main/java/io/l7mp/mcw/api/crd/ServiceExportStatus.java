package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Condition;

/** ServiceExport status: KEP-1645's {@code Valid} and {@code Conflict}, plus MCW's {@code WANPolicyResolved}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceExportStatus {
    private List<Condition> conditions = new ArrayList<>();

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
