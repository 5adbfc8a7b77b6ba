package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An L7 routing object as the Kubernetes adapter sees it: its kind, identity, age and {@code spec} as generic JSON
 * (what fabric8's {@code GenericKubernetesResource.getAdditionalProperties().get("spec")} holds).
 *
 * @param created metadata.creationTimestamp: when two objects claim the same host, the older one wins (and of two
 *        HTTPRoutes on one parent, the older one's rules go first on a tie)
 * @param spec the spec as maps, lists, strings, numbers and booleans; null is read as an empty spec
 * @param generation metadata.generation, which the status the gateway writes on the object refers to; null when the
 *        API server set none
 */
public record L7Object(L7Kind kind, String namespace, String name, Instant created, Map<String, Object> spec,
        Long generation) {
    public L7Object {
        if (kind == null || created == null) {
            throw new IllegalArgumentException("L7Object " + namespace + "/" + name + " needs kind and created");
        }
        spec = spec == null ? Map.of() : spec;
    }

    public L7Object(L7Kind kind, String namespace, String name, Instant created, Map<String, Object> spec) {
        this(kind, namespace, name, created, spec, null);
    }

    public ObjectRef ref() {
        return new ObjectRef(kind, namespace, name);
    }
}
