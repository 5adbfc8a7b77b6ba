package io.l7mp.mcw.policy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.crd.WANPolicySpec;
import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Leaves the API server and the policies topic as a previous run of the service (and another cluster)
 * would have, before the application starts: policy {@code survivor} exists and its event is on the
 * topic; {@code deleted-while-down} is gone from the API but its event is still there; cluster-2 has an
 * event; and one record is not a policy event at all. Runs after {@link ApiServerResource} (order).
 */
public class PreviousRunResource implements QuarkusTestResourceLifecycleManager {
    static final String SURVIVOR_KEY = "cluster-1/survivor";
    static final String STALE_KEY = "cluster-1/deleted-while-down";
    static final String FOREIGN_KEY = "cluster-2/sd-wan-priority-high";
    static final String GARBAGE_KEY = "cluster-1/garbage";

    @Override
    public Map<String, String> start() {
        try (KubernetesClient client = ApiServerResource.current().client()) {
            WANPolicy survivor = new WANPolicy();
            survivor.setMetadata(new ObjectMetaBuilder().withName("survivor").build());
            survivor.setSpec(new WANPolicySpec("mpls", 31117, null));
            client.resource(survivor).create();
        }
        String bootstrap = KafkaResource.bootstrapServers();
        KafkaResource.createTopic(Topics.POLICIES, 3, true);
        put(bootstrap, new PolicyEvent("cluster-1", "survivor", "mpls", 31117, null, null, null, null, 1));
        put(bootstrap, new PolicyEvent("cluster-1", "deleted-while-down", "business", 31119, null, null, null, null,
                1));
        put(bootstrap, new PolicyEvent("cluster-2", "sd-wan-priority-high", "business", 31111, null, null, null, null,
                1));
        CloudEventAttributes attributes = CloudEventAttributes.create(EventTypes.POLICY, "cluster-1", "policy-service",
                GARBAGE_KEY, Instant.now());
        PolicyTopicRecords.put(bootstrap, Topics.POLICIES, GARBAGE_KEY, attributes.toHeaders(),
                "{not json".getBytes(StandardCharsets.UTF_8));
        return Map.of();
    }

    private static void put(String bootstrap, PolicyEvent event) {
        CloudEventAttributes attributes = CloudEventAttributes.create(EventTypes.POLICY, event.cluster(),
                "policy-service", event.key(), Instant.now());
        PolicyTopicRecords.put(bootstrap, Topics.POLICIES, event.key(), attributes.toHeaders(), EventJson.write(event));
    }

    /** After the API server (order 0), so that it can hold the previous run's policy. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public void stop() {
    }
}
