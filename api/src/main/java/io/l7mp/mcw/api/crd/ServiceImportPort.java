package io.l7mp.mcw.api.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Required;

/** A port of a ServiceImport (KEP-1645 {@code ServicePort}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceImportPort {
    private String name;
    private String protocol;
    private String appProtocol;
    @Required
    private Integer port;

    public ServiceImportPort() {
    }

    public ServiceImportPort(String name, String protocol, String appProtocol, Integer port) {
        this.name = name;
        this.protocol = protocol;
        this.appProtocol = appProtocol;
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getAppProtocol() {
        return appProtocol;
    }

    public void setAppProtocol(String appProtocol) {
        this.appProtocol = appProtocol;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
