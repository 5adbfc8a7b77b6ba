package io.l7mp.mcw.gateway.domain;

/** An L7 object none of whose rules apply, and why (for a Kubernetes Event, the log and the admin API). */
public record RefusedObject(ObjectRef object, String reason) {
}
