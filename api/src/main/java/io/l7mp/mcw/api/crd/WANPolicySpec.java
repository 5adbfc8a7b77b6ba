package io.l7mp.mcw.api.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The seed's WANPolicy spec, field names exactly as the seed writes them. Fields are boxed so that
 * a missing value can be told apart from zero: the policy-service validates every field itself,
 * because an API server may run without the CRD's OpenAPI schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WANPolicySpec {
    @Required
    @JsonPropertyDescription("Name of the SD-WAN tunnel this policy maps to, e.g. business or internet.")
    private String tunnel;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Destination port the SD-WAN classifies the tunnel by (1-65535); one tunnel per port.")
    private Integer port;

    @JsonPropertyDescription("The service level the tunnel must meet; absent means best effort.")
    private WANPolicySla sla;

    @Min(0)
    @Max(63)
    @JsonPropertyDescription("DSCP value (0-63) set on packets of this policy's flows.")
    private Integer dscp;

    @JsonPropertyDescription("Where flows go when the tunnel is down or misses its SLA.")
    private WANPolicyFailover failover;

    public WANPolicySpec() {
    }

    public WANPolicySpec(String tunnel, Integer port, WANPolicySla sla) {
        this.tunnel = tunnel;
        this.port = port;
        this.sla = sla;
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

    public WANPolicySla getSla() {
        return sla;
    }

    public void setSla(WANPolicySla sla) {
        this.sla = sla;
    }

    public Integer getDscp() {
        return dscp;
    }

    public void setDscp(Integer dscp) {
        this.dscp = dscp;
    }

    public WANPolicyFailover getFailover() {
        return failover;
    }

    public void setFailover(WANPolicyFailover failover) {
        this.failover = failover;
    }
}
