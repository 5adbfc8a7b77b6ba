package io.l7mp.mcw.sandbox.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRoutesRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRoutesResponse;
import io.l7mp.mcw.api.grpc.gateway.v1.Route;

/**
 * The gateway's route table in force, read through its admin API ({@code mcw.gateway.v1.GatewayAdmin/ListRoutes},
 * DESIGN D4), the table the data plane routes by: per destination service ({@code <namespace>/<name>}), its upstreams,
 * one per exporting cluster.
 */
final class GatewayRoutes implements AutoCloseable {

    /** The whole table of a large fleet is megabytes: 100 x 1,000 upstreams. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
    private static final long DEADLINE_SECONDS = 30;

    private final ManagedChannel channel;

    /** {@code port}: the gateway's HTTP port, which serves gRPC too. */
    GatewayRoutes(String host, int port) {
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    /** Every route's upstream count, by service. */
    Map<String, Integer> upstreamCounts() {
        ListRoutesResponse response = stub().listRoutes(ListRoutesRequest.getDefaultInstance());
        Map<String, Integer> counts = new HashMap<>();
        for (Route route : response.getRoutesList()) {
            counts.put(route.getService(), route.getUpstreamsCount());
        }
        return counts;
    }

    /** The upstream count of the route to {@code service}; 0 when the table has none. */
    int upstreamCount(String service) {
        ListRoutesResponse response = stub().listRoutes(ListRoutesRequest.newBuilder().setService(service).build());
        return response.getRoutesList().stream().filter(r -> r.getService().equals(service))
                .mapToInt(Route::getUpstreamsCount).findFirst().orElse(0);
    }

    private GatewayAdminGrpc.GatewayAdminBlockingStub stub() {
        return GatewayAdminGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
