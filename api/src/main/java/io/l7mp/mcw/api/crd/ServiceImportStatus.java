package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Condition;

/** KEP-1645 {@code status.clusters}, plus MCW conditions (e.g. {@code Ready}, {@code WANPolicySatisfied}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceImportStatus {
    private List<ClusterStatus> clusters = new ArrayList<>();
    private List<Condition> conditions = new ArrayList<>();

    public List<ClusterStatus> getClusters() {
        return clusters;
    }

    public void setClusters(List<ClusterStatus> clusters) {
        this.clusters = clusters;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** One exporting cluster of a ServiceImport. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ClusterStatus {
        private String cluster;

        public ClusterStatus() {
        }

        public ClusterStatus(String cluster) {
            this.cluster = cluster;
        }

        public String getCluster() {
            return cluster;
        }

        public void setCluster(String cluster) {
            this.cluster = cluster;
        }
    }
}
