package io.l7mp.mcw.api.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;

/** Ordered fallback policies, and how long the preferred tunnel must stay healthy before failing back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WANPolicyFailover {
    @JsonPropertyDescription("Names of other WANPolicies to fall back to, in order of preference.")
    private List<String> policies = new ArrayList<>();

    @Min(0)
    @JsonProperty("hold-down-seconds")
    @JsonPropertyDescription("Seconds the preferred tunnel must be healthy before flows fail back (default 30).")
    private Integer holdDownSeconds;

    public List<String> getPolicies() {
        return policies;
    }

    public void setPolicies(List<String> policies) {
        this.policies = policies;
    }

    @JsonProperty("hold-down-seconds")
    public Integer getHoldDownSeconds() {
        return holdDownSeconds;
    }

    public void setHoldDownSeconds(Integer holdDownSeconds) {
        this.holdDownSeconds = holdDownSeconds;
    }
}
