package io.l7mp.mcw.imports.app;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.imports.config.ImportServiceConfig;
import io.l7mp.mcw.imports.domain.EgressSource;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.l7mp.mcw.imports.domain.PortRange;

/** The planner's view of the settings, built and validated once; the pod informer reads its egress source too. */
public class ImportConfigProducer {
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
