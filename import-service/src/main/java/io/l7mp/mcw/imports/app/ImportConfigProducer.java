package io.l7mp.mcw.imports.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.imports.config.ImportServiceConfig;
import io.l7mp.mcw.imports.domain.EgressSource;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.l7mp.mcw.imports.domain.PortRange;

/**
 * The planner's view of the settings, built and validated once (with mcw.cluster.name; the reconciler swaps in the
 * cluster id in use once it is known); the pod informer reads its egress source too. And the cluster id: the
 * ClusterProperty cluster.clusterset.k8s.io, else mcw.cluster.name.
 */
public class ImportConfigProducer {
    @Produces
    @ApplicationScoped
    ClusterIdWatch clusterId(KubernetesClient client, ClusterConfig cluster) {
        return new ClusterIdWatch(client, cluster.name());
    }

    void close(@Disposes ClusterIdWatch watch) {
        watch.close();
    }

    @Produces
    @Singleton
    ImportConfig importConfig(ClusterConfig cluster, ImportServiceConfig settings) {
        EgressSource egress = settings.egressPodSelector()
                .<EgressSource> map(selector -> new EgressSource.GatewayPods(settings.egressPodNamespace(), selector))
                .orElseGet(() -> new EgressSource.StaticAddress(settings.egressAddress()));
        return new ImportConfig(cluster.name(), egress,
                new PortRange(settings.egressPortRangeStart(), settings.egressPortRangeEnd()));
    }
}
