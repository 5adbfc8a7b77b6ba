package io.l7mp.mcw.api.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** SLA of a WAN policy; the seed's kebab-case field names. Absent fields are not enforced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WANPolicySla {
    @Min(0)
    @JsonProperty("latency-ms")
    @JsonPropertyDescription("Maximum round-trip latency in milliseconds (>= 0).")
    private Double latencyMs;

    @Min(0)
    @JsonProperty("jitter-ms")
    @JsonPropertyDescription("Maximum jitter in milliseconds (>= 0).")
    private Double jitterMs;

    @Min(0)
    @Max(100)
    @JsonProperty("loss-percent")
    @JsonPropertyDescription("Maximum packet loss in percent (0-100).")
    private Double lossPercent;

    public WANPolicySla() {
    }

    public WANPolicySla(Double latencyMs, Double jitterMs, Double lossPercent) {
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
        this.lossPercent = lossPercent;
    }

    @JsonProperty("latency-ms")
    public Double getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(Double latencyMs) {
        this.latencyMs = latencyMs;
    }

    @JsonProperty("jitter-ms")
    public Double getJitterMs() {
        return jitterMs;
    }

    public void setJitterMs(Double jitterMs) {
        this.jitterMs = jitterMs;
    }

    @JsonProperty("loss-percent")
    public Double getLossPercent() {
        return lossPercent;
    }

    public void setLossPercent(Double lossPercent) {
        this.lossPercent = lossPercent;
    }
}
