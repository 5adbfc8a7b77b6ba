package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.gateway.domain.EgressListener;
import io.l7mp.mcw.gateway.domain.ServiceKey;

/** Which egress ports are piped as opaque TCP through CONNECT, and which are proxied as HTTP. */
class ListenerKindTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = { "tcp,true", "tcp-db,true", "TCP-x,true", "http,false", "grpc,false",
            "null,false", "mytcp,false" })
    void portsNamedTcpAreOpaque(String portName, boolean opaque) {
        // Given
        EgressListener listener = new EgressListener(40001, new ServiceKey("dp", "svc"), 8080, portName, "TCP");

        // When / Then
        assertThat(ListenerManager.isOpaqueTcp(listener)).isEqualTo(opaque);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = { "null,-1", "0,0", "46,184", "10,40" })
    void dscpGoesInTheUpperSixBitsOfTheTrafficClass(Integer dscp, int trafficClass) {
        // When / Then
        assertThat(UpstreamClients.trafficClass(dscp)).isEqualTo(trafficClass);
    }
}
