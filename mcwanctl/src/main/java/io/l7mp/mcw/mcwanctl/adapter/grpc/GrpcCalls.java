package io.l7mp.mcw.mcwanctl.adapter.grpc;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.l7mp.mcw.api.grpc.gateway.v1.ActiveTunnel;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsRequest;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelTelemetryGrpc;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelUpdate;
import io.l7mp.mcw.api.grpc.telemetry.v1.WatchTunnelsRequest;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.domain.ActiveTunnelView;
import io.l7mp.mcw.mcwanctl.domain.TunnelHealthView;
import io.l7mp.mcw.mcwanctl.domain.TunnelSwitchView;
import io.l7mp.mcw.mcwanctl.domain.TunnelUpdateView;

/**
 * Calls to the gateway's {@code mcw.gateway.v1.GatewayAdmin} and the telemetry-service's
 * {@code mcw.telemetry.v1.TunnelTelemetry}, plaintext (the services serve them on their HTTP port), each with a
 * deadline; answers are mapped to mcwanctl's view records. Failures become {@link CliException}s naming the address
 * and where it came from.
 */
public final class GrpcCalls implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 3;

    private final AdminEndpoints.Endpoint endpoint;
    private final ManagedChannel channel;

    private GrpcCalls(AdminEndpoints.Endpoint endpoint) {
        this.endpoint = endpoint;
        this.channel = NettyChannelBuilder.forAddress(endpoint.address().host(), endpoint.address().port().getAsInt())
                .usePlaintext()
                .build();
    }

    public static GrpcCalls to(AdminEndpoints.Endpoint endpoint) {
        return new GrpcCalls(endpoint);
    }

    public List<ActiveTunnelView> activeTunnels() {
        try {
            return GatewayAdminGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listActiveTunnels(ListActiveTunnelsRequest.getDefaultInstance())
                    .getTunnelsList().stream().map(GrpcCalls::view).toList();
        } catch (StatusRuntimeException e) {
            throw failure("GatewayAdmin.ListActiveTunnels", e);
        }
    }

    public List<TunnelHealthView> tunnels() {
        try {
            return TunnelTelemetryGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listTunnels(ListTunnelsRequest.getDefaultInstance())
                    .getTunnelsList().stream().map(GrpcCalls::view).toList();
        } catch (StatusRuntimeException e) {
            throw failure("TunnelTelemetry.ListTunnels", e);
        }
    }

    /** Receives updates until the server ends the stream, the consumer returns false, or the call fails. */
    public void watchTunnels(java.util.function.Predicate<TunnelUpdateView> consumer) {
        try {
            var updates = TunnelTelemetryGrpc.newBlockingStub(channel)
                    .watchTunnels(WatchTunnelsRequest.getDefaultInstance());
            while (updates.hasNext()) {
                if (!consumer.test(view(updates.next()))) {
                    return;
                }
            }
        } catch (StatusRuntimeException e) {
            throw failure("TunnelTelemetry.WatchTunnels", e);
        }
    }

    private CliException failure(String call, StatusRuntimeException e) {
        Status status = e.getStatus();
        String hint = switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> ": is the service running there? Give its address with "
                    + "--gateway-admin / --telemetry [CONTEXT=]HOST:PORT";
            case UNIMPLEMENTED -> ": the service there does not serve this API (an older version, or another service "
                    + "on that port?)";
            default -> "";
        };
        String description = status.getDescription() == null ? "" : " " + status.getDescription();
        return new CliException(call + " at " + endpoint + " failed: " + status.getCode() + description + hint, e);
    }

    static ActiveTunnelView view(ActiveTunnel t) {
        return new ActiveTunnelView(t.getService(), t.getPolicy(), t.getCluster(), t.getTunnel(), t.getTunnelPort(),
                t.getPreferredTunnel(), t.getKind(), t.getReason(), t.hasSlaSatisfied() ? t.getSlaSatisfied() : null,
                t.getRttMs(), t.getJitterMs(), t.getLossPercent(), t.getState(), List.copyOf(t.getFallbackTunnelsList()),
                t.getReconsiderAt().isEmpty() ? null : t.getReconsiderAt(),
                t.hasLastSwitch() ? new TunnelSwitchView(t.getLastSwitch().getFromTunnel(),
                        t.getLastSwitch().getToTunnel(), t.getLastSwitch().getReason(), t.getLastSwitch().getTime())
                        : null);
    }

    static TunnelHealthView view(TunnelHealth h) {
        List<TunnelHealthView.Verdict> verdicts = h.getSlaList().stream()
                .map(v -> new TunnelHealthView.Verdict(v.getPolicy(), v.getSatisfied(), List.copyOf(v.getViolationsList())))
                .toList();
        String state = h.getState() == TunnelHealth.State.STATE_UNSPECIFIED ? "UNKNOWN" : h.getState().name();
        return new TunnelHealthView(h.getKey(), h.getSourceCluster(), h.getDestinationCluster(), h.getTunnel(),
                h.getAddress(), h.getPort(), state, h.getReason(), h.getRttMs(), h.getRttP99Ms(), h.getJitterMs(),
                h.getLossPercent(), h.getSamples(), verdicts, h.getSince(), h.getMeasuredAt());
    }

    static TunnelUpdateView view(TunnelUpdate u) {
        return switch (u.getUpdateCase()) {
            case HEALTH -> new TunnelUpdateView(u.getSnapshot(), view(u.getHealth()), null);
            case REMOVED -> new TunnelUpdateView(u.getSnapshot(), null, u.getRemoved().getKey());
            case UPDATE_NOT_SET -> new TunnelUpdateView(u.getSnapshot(), null, null);
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
