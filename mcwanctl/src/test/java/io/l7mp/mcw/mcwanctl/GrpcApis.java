package io.l7mp.mcw.mcwanctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.l7mp.mcw.api.grpc.gateway.v1.ActiveTunnel;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsResponse;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsRequest;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsResponse;
import io.l7mp.mcw.api.grpc.telemetry.v1.SlaVerdict;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelRemoved;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelTelemetryGrpc;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelUpdate;
import io.l7mp.mcw.api.grpc.telemetry.v1.WatchTunnelsRequest;

/**
 * A real gRPC server on loopback that serves both of the APIs mcwanctl reads ({@code GatewayAdmin},
 * {@code TunnelTelemetry}) with answers a test sets, as a cluster's gateway and telemetry-service would.
 */
public final class GrpcApis implements AutoCloseable {

    public final List<ActiveTunnel> activeTunnels = new CopyOnWriteArrayList<>();
    public final List<TunnelHealth> tunnels = new CopyOnWriteArrayList<>();
    /** What WatchTunnels sends after the snapshot, before it ends the stream. */
    public final List<TunnelUpdate> changes = new CopyOnWriteArrayList<>();
    private final Server server;

    public GrpcApis() {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new GatewayAdmin())
                .addService(new Telemetry())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class GatewayAdmin extends GatewayAdminGrpc.GatewayAdminImplBase {
        @Override
        public void listActiveTunnels(ListActiveTunnelsRequest request,
                StreamObserver<ListActiveTunnelsResponse> response) {
            response.onNext(ListActiveTunnelsResponse.newBuilder().addAllTunnels(activeTunnels).build());
            response.onCompleted();
        }
    }

    private final class Telemetry extends TunnelTelemetryGrpc.TunnelTelemetryImplBase {
        @Override
        public void listTunnels(ListTunnelsRequest request, StreamObserver<ListTunnelsResponse> response) {
            response.onNext(ListTunnelsResponse.newBuilder().addAllTunnels(tunnels).build());
            response.onCompleted();
        }

        @Override
        public void watchTunnels(WatchTunnelsRequest request, StreamObserver<TunnelUpdate> response) {
            tunnels.forEach(t -> response.onNext(TunnelUpdate.newBuilder().setHealth(t).setSnapshot(true).build()));
            changes.forEach(response::onNext);
            response.onCompleted();
        }
    }

    /** cluster-2's view of its business tunnel to cluster-1: up, meeting the high policy's SLA. */
    public static TunnelHealth health(String source, String destination, String tunnel, int port,
            TunnelHealth.State state, double rttMs, boolean highSatisfied) {
        return TunnelHealth.newBuilder()
                .setKey(source + "/" + destination + "/" + tunnel)
                .setSourceCluster(source).setDestinationCluster(destination).setTunnel(tunnel)
                .setAddress("127.0.1.1").setPort(port).setState(state)
                .setReason(state == TunnelHealth.State.DOWN ? "5 probes in a row lost" : "")
                .setRttMs(rttMs).setRttP99Ms(rttMs * 1.5).setJitterMs(1.25).setLossPercent(0).setSamples(500)
                .addSla(SlaVerdict.newBuilder().setPolicy("sd-wan-priority-high").setSatisfied(highSatisfied)
                        .addAllViolations(highSatisfied ? List.of() : List.of("latency " + rttMs + " ms > 100 ms")))
                .setSince("2026-12-08T10:00:00Z").setMeasuredAt("2026-12-08T10:05:00Z")
                .build();
    }

    public static TunnelUpdate removed(String key) {
        String[] parts = key.split("/");
        return TunnelUpdate.newBuilder().setRemoved(TunnelRemoved.newBuilder().setKey(key).setSourceCluster(parts[0])
                .setDestinationCluster(parts[1]).setTunnel(parts[2])).build();
    }

    public static ActiveTunnel activeTunnel(String service, String cluster, String tunnel, int port, String kind,
            String reason) {
        return ActiveTunnel.newBuilder().setService(service).setPolicy("sd-wan-priority-high").setCluster(cluster)
                .setTunnel(tunnel).setTunnelPort(port).setPreferredTunnel("business").setKind(kind).setReason(reason)
                .setSlaSatisfied(true).setRttMs(12.5).setJitterMs(1.25).setLossPercent(0).setState("UP")
                .addFallbackTunnels("internet").build();
    }
}
