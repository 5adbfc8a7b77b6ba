package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;

/** KEP-1645 ServiceImport spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceImportSpec {
    @Required
    private List<ServiceImportPort> ports = new ArrayList<>();

    @JsonPropertyDescription("The clusterset VIP(s) for type ClusterSetIP.")
    private List<String> ips;

    @Required
    @JsonPropertyDescription("ClusterSetIP or Headless.")
    private String type;

    private String sessionAffinity;

    private SessionAffinityConfig sessionAffinityConfig;

    @JsonPropertyDescription("The IP families of spec.ips, in the same order: IPv4 or IPv6.")
    @Size(max = 2)
    private List<String> ipFamilies;

    @JsonPropertyDescription("The exported Service's spec.internalTrafficPolicy (Cluster or Local).")
    private String internalTrafficPolicy;

    @JsonPropertyDescription("The exported Service's spec.trafficDistribution, e.g. PreferClose.")
    private String trafficDistribution;

    public List<ServiceImportPort> getPorts() {
        return ports;
    }

    public void setPorts(List<ServiceImportPort> ports) {
        this.ports = ports;
    }

    public List<String> getIps() {
        return ips;
    }

    public void setIps(List<String> ips) {
        this.ips = ips;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getSessionAffinity() {
        return sessionAffinity;
    }

    public void setSessionAffinity(String sessionAffinity) {
        this.sessionAffinity = sessionAffinity;
    }

    public List<String> getIpFamilies() {
        return ipFamilies;
    }

    public void setIpFamilies(List<String> ipFamilies) {
        this.ipFamilies = ipFamilies;
    }

    public String getInternalTrafficPolicy() {
        return internalTrafficPolicy;
    }

    public void setInternalTrafficPolicy(String internalTrafficPolicy) {
        this.internalTrafficPolicy = internalTrafficPolicy;
    }

    public String getTrafficDistribution() {
        return trafficDistribution;
    }

    public void setTrafficDistribution(String trafficDistribution) {
        this.trafficDistribution = trafficDistribution;
    }

    public SessionAffinityConfig getSessionAffinityConfig() {
        return sessionAffinityConfig;
    }

    public void setSessionAffinityConfig(SessionAffinityConfig sessionAffinityConfig) {
        this.sessionAffinityConfig = sessionAffinityConfig;
    }
}
