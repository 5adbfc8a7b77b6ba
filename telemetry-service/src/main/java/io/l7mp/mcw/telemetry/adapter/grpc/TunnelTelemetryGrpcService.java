package io.l7mp.mcw.telemetry.adapter.grpc;

import java.util.List;

import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsRequest;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsResponse;
import io.l7mp.mcw.api.grpc.telemetry.v1.SlaVerdict;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelRemoved;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelTelemetry;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelUpdate;
import io.l7mp.mcw.api.grpc.telemetry.v1.WatchTunnelsRequest;
import io.l7mp.mcw.telemetry.app.TunnelHealthBoard;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code mcw.telemetry.v1.TunnelTelemetry} (DESIGN D5): the health of every tunnel being probed, as last published,
 * and a watch of what is published after. Read-only.
 */
@GrpcService
public class TunnelTelemetryGrpcService implements TunnelTelemetry {
    @Inject
    TunnelHealthBoard board;

    @Override
    public Uni<ListTunnelsResponse> listTunnels(ListTunnelsRequest request) {
        return Uni.createFrom().item(() -> ListTunnelsResponse.newBuilder()
                .addAllTunnels(board.tunnels().stream().map(TunnelTelemetryGrpcService::health).toList()).build());
    }

    @Override
    public Multi<TunnelUpdate> watchTunnels(WatchTunnelsRequest request) {
        return board.watch().map(TunnelTelemetryGrpcService::update);
    }

    private static TunnelUpdate update(TunnelHealthBoard.Update update) {
        if (update instanceof TunnelHealthBoard.Update.Health health) {
            return TunnelUpdate.newBuilder().setHealth(health(health.event())).setSnapshot(health.snapshot()).build();
        }
        String key = ((TunnelHealthBoard.Update.Removed) update).key();
        List<String> parts = EventKeys.split(key, 3);
        return TunnelUpdate.newBuilder().setRemoved(TunnelRemoved.newBuilder().setKey(key)
                .setSourceCluster(parts.get(0)).setDestinationCluster(parts.get(1)).setTunnel(parts.get(2))).build();
    }

    static TunnelHealth health(TunnelHealthEvent event) {
        TunnelHealth.Builder health = TunnelHealth.newBuilder().setKey(event.key())
                .setSourceCluster(event.sourceCluster()).setDestinationCluster(event.destinationCluster())
                .setTunnel(event.tunnel()).setAddress(event.address()).setPort(event.port())
                .setState(TunnelHealth.State.valueOf(event.state().name())).setReason(nullToEmpty(event.reason()))
                .setRttMs(event.figures().rttMs()).setRttP99Ms(event.figures().rttP99Ms())
                .setJitterMs(event.figures().jitterMs()).setLossPercent(event.figures().lossPercent())
                .setSamples(event.figures().samples()).setSince(event.since().toString())
                .setMeasuredAt(event.measuredAt().toString());
        event.sla().forEach(verdict -> health.addSla(SlaVerdict.newBuilder().setPolicy(verdict.policy())
                .setSatisfied(verdict.satisfied()).addAllViolations(verdict.violations())));
        return health.build();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
