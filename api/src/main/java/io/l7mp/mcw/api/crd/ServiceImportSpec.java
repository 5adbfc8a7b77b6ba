package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
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

    public SessionAffinityConfig getSessionAffinityConfig() {
        return sessionAffinityConfig;
    }

    public void setSessionAffinityConfig(SessionAffinityConfig sessionAffinityConfig) {
        this.sessionAffinityConfig = sessionAffinityConfig;
    }
}
