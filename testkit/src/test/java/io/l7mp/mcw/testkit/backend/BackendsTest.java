package io.l7mp.mcw.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** The test backends answer real clients. */
class BackendsTest {
    @Test
    void httpBackendSaysWhatItReceived() throws Exception {
        try (HttpBackend backend = HttpBackend.start("payment-1")) {
            // When
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + backend.port() + "/payment/x?a=1")).header("x-test", "yes")
                    .build(), HttpResponse.BodyHandlers.ofString());

            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"backend\":\"payment-1\"", "\"method\":\"GET\"",
                    "\"path\":\"/payment/x\"", "\"query\":\"a=1\"", "\"x-test\":\"yes\"");
            assertThat(backend.requests()).isEqualTo(1);
        }
    }

    @Test
    void tcpBackendEchoes() throws Exception {
        try (TcpEchoBackend backend = TcpEchoBackend.start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            // When
            OutputStream out = socket.getOutputStream();
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();

            // Then
            assertThat(new String(in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void grpcBackendAnswersUnaryCalls() {
        try (GrpcEchoBackend backend = GrpcEchoBackend.start("grpc-1")) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", backend.port()).usePlaintext()
                    .build();
            try {
                assertThat(GrpcEchoBackend.echo(channel, "ping")).isEqualTo("grpc-1:ping");
                assertThat(backend.calls()).isEqualTo(1);
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
