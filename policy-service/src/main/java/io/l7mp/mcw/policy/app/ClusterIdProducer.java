package io.l7mp.mcw.policy.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.eventbus.config.ClusterConfig;

/** This cluster's id: the ClusterProperty cluster.clusterset.k8s.io, else mcw.cluster.name (docs/architecture.md). */
public class ClusterIdProducer {
    @Produces
    @ApplicationScoped
    ClusterIdWatch clusterId(KubernetesClient client, ClusterConfig cluster) {
        return new ClusterIdWatch(client, cluster.name());
    }

    void close(@Disposes ClusterIdWatch watch) {
        watch.close();
    }
}
