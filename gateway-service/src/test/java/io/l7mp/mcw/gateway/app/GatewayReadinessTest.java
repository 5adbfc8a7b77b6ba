package io.l7mp.mcw.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.adapter.http.ListenerManager.Status;

class GatewayReadinessTest {

    @Test
    void notReadyBeforeTheFirstRouteTable() {
        HealthCheckResponse response = GatewayReadiness.evaluate(0, new Status(true, 0, 0, Map.of()));

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("waitingFor",
                "the first route table (topic views catching up, informers syncing)");
    }

    @Test
    void notReadyWhileTheHostRoutingListenerOrATableListenerIsBeingOpened() {
        HealthCheckResponse noHostRouting = GatewayReadiness.evaluate(3, new Status(false, 2, 0, Map.of()));
        HealthCheckResponse opening = GatewayReadiness.evaluate(3, new Status(true, 2, 1, Map.of()));

        assertThat(noHostRouting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(noHostRouting.getData().orElseThrow()).containsEntry("waitingFor", "the Host-routing listener");
        assertThat(opening.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(opening.getData().orElseThrow()).containsEntry("waitingFor", "1 listener(s) being opened")
                .containsEntry("listenersOpening", 1L);
    }

    @Test
    void readyWithEveryListenerOpenAndAFailedPortReportedWithoutTakingTheGatewayDown() {
        HealthCheckResponse response = GatewayReadiness.evaluate(7,
                new Status(true, 4, 0, Map.of("egress 40001", "Address already in use")));

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("routeTableVersion", 7L)
                .containsEntry("listenersOpen", 4L).containsEntry("cannotListen egress 40001", "Address already in use")
                .doesNotContainKey("waitingFor");
    }
}
