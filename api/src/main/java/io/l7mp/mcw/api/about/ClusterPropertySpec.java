package io.l7mp.mcw.api.about;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** About API (KEP-2149) {@code ClusterProperty.spec}: one value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterPropertySpec {
    @Required
    @Size(min = 1)
    @JsonPropertyDescription("The property's value.")
    private String value;

    public ClusterPropertySpec() {
    }

    public ClusterPropertySpec(String value) {
        this.value = value;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
