package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class GatewayBenchmarkOptionsTest {

    @Test
    void withoutProtocolOptionOnlyHttp1IsMeasuredAsBefore() {
        // When
        GatewayBenchmark benchmark = parse();

        // Then
        assertThat(benchmark.protocols).containsExactly(Protocol.HTTP1);
        assertThat(benchmark.connections).isEqualTo(32);
        assertThat(benchmark.rates).containsExactly(1000, 2000, 4000);
    }

    @Test
    void protocolsComeAsACommaListOrRepeatedInAnyCase() {
        // When
        GatewayBenchmark benchmark = parse("--protocol", "tcp,gRPC", "--protocol", "H2C");

        // Then
        assertThat(benchmark.protocols).containsExactly(Protocol.TCP, Protocol.GRPC, Protocol.H2C);
        assertThat(benchmark.h2Connections).isEqualTo(4);
        assertThat(benchmark.h2Streams).isEqualTo(8);
        assertThat(benchmark.tcpConnections).isEqualTo(8);
    }

    @Test
    void anUnknownProtocolIsRefusedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> parse("--protocol", "udp"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'udp' is not a protocol, expected one of http1, h2c, grpc, tcp");
    }

    private static GatewayBenchmark parse(String... args) {
        GatewayBenchmark benchmark = new GatewayBenchmark();
        new CommandLine(benchmark).parseArgs(args);
        return benchmark;
    }
}
