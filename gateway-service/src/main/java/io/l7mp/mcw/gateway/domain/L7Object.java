package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An L7 routing object as the Kubernetes adapter sees it: its kind, identity, age and {@code spec} as generic JSON
 * (what fabric8's {@code GenericKubernetesResource.getAdditionalProperties().get("spec")} holds).
 *
 * @param created metadata.creationTimestamp: when two objects claim the same host, the older one wins
 * @param spec the spec as maps, lists, strings, numbers and booleans; null is read as an empty spec
 */
public record L7Object(L7Kind kind, String namespace, String name, Instant created, Map<String, Object> spec) {
    public L7Object {
        if (kind == null || created == null) {
            throw new IllegalArgumentException("L7Object " + namespace + "/" + name + " needs kind and created");
        }
        spec = spec == null ? Map.of() : spec;
    }

    public ObjectRef ref() {
        return new ObjectRef(kind, namespace, name);
    }
}
