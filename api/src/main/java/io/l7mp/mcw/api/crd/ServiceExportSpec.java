package io.l7mp.mcw.api.crd;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * MCS API ServiceExport spec: what the export carries beyond its Service. Both maps are optional; the
 * ServiceImport of every cluster gets exactly these labels and annotations (from the oldest export when exporting
 * clusters disagree: {@code LabelsConflict}, {@code AnnotationsConflict}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ServiceExportSpec {
    @JsonPropertyDescription("exportedLabels describes the labels exported. It is optional for implementation.")
    private Map<String, String> exportedLabels;

    @JsonPropertyDescription("exportedAnnotations describes the annotations exported. It is optional for implementation.")
    private Map<String, String> exportedAnnotations;

    public ServiceExportSpec() {
    }

    public ServiceExportSpec(Map<String, String> exportedLabels, Map<String, String> exportedAnnotations) {
        this.exportedLabels = exportedLabels;
        this.exportedAnnotations = exportedAnnotations;
    }

    public Map<String, String> getExportedLabels() {
        return exportedLabels;
    }

    public void setExportedLabels(Map<String, String> exportedLabels) {
        this.exportedLabels = exportedLabels;
    }

    public Map<String, String> getExportedAnnotations() {
        return exportedAnnotations;
    }

    public void setExportedAnnotations(Map<String, String> exportedAnnotations) {
        this.exportedAnnotations = exportedAnnotations;
    }
}
