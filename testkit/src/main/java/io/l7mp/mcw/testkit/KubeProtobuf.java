package io.l7mp.mcw.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;

/**
 * The Kubernetes protobuf message types of the built-in kinds (from the Kubernetes Java client's generated
 * descriptors), and the few apimachinery types whose JSON form is not the shape of their message.
 */
final class KubeProtobuf {

    static final String TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    static final String MICRO_TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    static final String DURATION = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration";
    static final String FIELDS_V1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    static final String OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /**
     * Fields that Go embeds with {@code json:",inline"}: a message field in protobuf, its fields one level up in
     * JSON.
     */
    static final Set<String> INLINE_FIELDS = Set.of("volumeSource", "persistentVolumeSource",
            "ephemeralContainerCommon");

    private static final Map<String, FileDescriptor> BY_PACKAGE = new HashMap<>();

    static {
        for (FileDescriptor file : List.of(V1.getDescriptor(), V1Apps.getDescriptor(), V1Batch.getDescriptor(),
                V1Networking.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(),
                V1Scheduling.getDescriptor(), V1Storage.getDescriptor(), V1Autoscaling.getDescriptor(),
                Meta.getDescriptor())) {
            BY_PACKAGE.put(file.getPackage(), file);
        }
    }

    private KubeProtobuf() {
    }

    /** The message of {@code kind} at {@code apiVersion} (e.g. {@code v1} / {@code Namespace}), if known. */
    static Optional<Descriptor> message(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        // k8s.io/api/<first label of the group>/<version>, the core group as "core"
        String area = group.isEmpty() ? "core" : group.split("\\.")[0];
        FileDescriptor file = BY_PACKAGE.get("k8s.io.api." + area + "." + version);
        return Optional.ofNullable(file == null ? null : file.findMessageTypeByName(kind));
    }

    /** The OpenAPI definition name of a message: {@code io.k8s.api.core.v1.Service}. */
    static String definitionName(Descriptor message) {
        String fullName = message.getFullName();
        return fullName.startsWith("k8s.io.") ? "io.k8s." + fullName.substring("k8s.io.".length()) : fullName;
    }
}
