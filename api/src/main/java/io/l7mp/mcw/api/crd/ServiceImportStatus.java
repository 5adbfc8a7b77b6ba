package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/**
 * KEP-1645 {@code status.clusters}, plus MCW conditions (e.g. {@code Ready}, {@code WANPolicySatisfied}) and the
 * tunnel this cluster's gateway uses to each exporting cluster ({@code tunnels}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceImportStatus {
    private List<ClusterStatus> clusters = new ArrayList<>();
    private List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("Per exporting cluster, sorted by cluster: the SD-WAN tunnel this cluster's gateway "
            + "sends the service's traffic over, and what was last measured on it.")
    private List<TunnelStatus> tunnels = new ArrayList<>();

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

    public List<TunnelStatus> getTunnels() {
        return tunnels;
    }

    public void setTunnels(List<TunnelStatus> tunnels) {
        this.tunnels = tunnels;
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

    /**
     * The tunnel in use from this cluster to one exporting cluster ({@code status.tunnels}), written by the
     * import-service from the gateway's events and the tunnel health reports.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TunnelStatus {
        private String cluster;
        @JsonPropertyDescription("The exporting cluster's WAN policy the traffic to it travels on.")
        private String policy;
        @JsonPropertyDescription("The policy's own tunnel.")
        private String preferredTunnel;
        @JsonPropertyDescription("The tunnel in use; differs from preferredTunnel after a failover. Absent until "
                + "the gateway reported it.")
        private String tunnel;
        @JsonPropertyDescription("The port of the tunnel in use (the exporting cluster's policy port).")
        private Integer port;
        @JsonPropertyDescription("UP, DEGRADED, DOWN or UNKNOWN: the tunnel's health as last probed.")
        private String state;
        @JsonPropertyDescription("Whether the tunnel in use meets the policy's SLA; absent when not measured.")
        private Boolean slaSatisfied;
        @JsonPropertyDescription("Why this tunnel is in use or, when it breaks the SLA, what it breaks.")
        private String reason;
        @JsonPropertyDescription("Smoothed round-trip time in milliseconds, two significant digits.")
        private Double rttMs;
        @JsonPropertyDescription("Interarrival jitter in milliseconds, two significant digits.")
        private Double jitterMs;
        @JsonPropertyDescription("Probes lost, 0-100, two significant digits.")
        private Double lossPercent;

        public String getCluster() {
            return cluster;
        }

        public void setCluster(String cluster) {
            this.cluster = cluster;
        }

        public String getPolicy() {
            return policy;
        }

        public void setPolicy(String policy) {
            this.policy = policy;
        }

        public String getPreferredTunnel() {
            return preferredTunnel;
        }

        public void setPreferredTunnel(String preferredTunnel) {
            this.preferredTunnel = preferredTunnel;
        }

        public String getTunnel() {
            return tunnel;
        }

        public void setTunnel(String tunnel) {
            this.tunnel = tunnel;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getState() {
            return state;
        }

        public void setState(String state) {
            this.state = state;
        }

        public Boolean getSlaSatisfied() {
            return slaSatisfied;
        }

        public void setSlaSatisfied(Boolean slaSatisfied) {
            this.slaSatisfied = slaSatisfied;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        public Double getRttMs() {
            return rttMs;
        }

        public void setRttMs(Double rttMs) {
            this.rttMs = rttMs;
        }

        public Double getJitterMs() {
            return jitterMs;
        }

        public void setJitterMs(Double jitterMs) {
            this.jitterMs = jitterMs;
        }

        public Double getLossPercent() {
            return lossPercent;
        }

        public void setLossPercent(Double lossPercent) {
            this.lossPercent = lossPercent;
        }
    }
}
