package io.l7mp.mcw.mcwanctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The training run of {@code bin/mcwanctl}'s class-data archive (AppCDS, ADR 0016): runs every command once, in
 * this JVM, against a throw-away HTTP stand-in of a Kubernetes API on loopback and a gRPC port nobody listens on,
 * so that the classes a real run loads are the ones the JVM archives at exit. Prints nothing; not a user command.
 */
public final class CdsTraining {

    private static final String GROUP = "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"multicluster.x-k8s.io\","
            + "\"versions\":[{\"groupVersion\":\"multicluster.x-k8s.io/v1beta1\",\"version\":\"v1beta1\"}],"
            + "\"preferredVersion\":{\"groupVersion\":\"multicluster.x-k8s.io/v1beta1\",\"version\":\"v1beta1\"}}";
    private static final String POLICIES = "{\"kind\":\"WANPolicyList\",\"apiVersion\":\"mcw.l7mp.io/v1alpha1\","
            + "\"metadata\":{},\"items\":[{\"apiVersion\":\"mcw.l7mp.io/v1alpha1\",\"kind\":\"WANPolicy\","
            + "\"metadata\":{\"name\":\"sd-wan-priority-high\"},\"spec\":{\"tunnel\":\"business\",\"port\":31111,"
            + "\"sla\":{\"latency-ms\":100,\"jitter-ms\":50,\"loss-percent\":1}},\"status\":{\"conditions\":[{"
            + "\"type\":\"Accepted\",\"status\":\"True\",\"reason\":\"Valid\",\"message\":\"ok\"}]}}]}";
    private static final String SERVICE = "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
            + "\"payment\",\"namespace\":\"secure\"},\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":8080,"
            + "\"protocol\":\"TCP\"}]}}";
    private static final String NAMESPACE = "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
            + "\"secure\"}}";
    private static final String NOT_FOUND = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"reason\":\"NotFound\",\"code\":404,\"details\":{\"name\":\"x\"}}";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", CdsTraining::answer);
        server.start();
        Path dir = Files.createTempDirectory("mcwanctl-cds");
        try {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(server.getAddress().getPort()));
            String grpc = "127.0.0.1:" + closedPort();
            List<List<String>> commands = List.of(List.of("--help"), List.of("export", "--help"),
                    List.of("status", "--help"), List.of("completion"), List.of("policies"),
                    List.of("policies", "-o", "json"), List.of("policies", "-o", "yaml"),
                    List.of("export", "payment/secure", "--wan-policy=high"),
                    List.of("import", "payment/secure", "--ingress-gw=127.0.0.2", "--port", "http:8080"),
                    List.of("status", "payment/secure", "--gateway-admin", grpc, "--telemetry", grpc),
                    List.of("tunnels", "--telemetry", grpc), List.of("unexport", "payment/secure"),
                    List.of("--context", "nope", "policies"));
            PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
            for (List<String> command : commands) {
                String[] withKubeconfig = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("--kubeconfig", kubeconfig.toString()), command.stream())
                        .toArray(String[]::new);
                Mcwanctl.run(withKubeconfig, nowhere, nowhere, Map.of(), dir);
            }
        } finally {
            server.stop(0);
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        byte[] request = exchange.getRequestBody().readAllBytes();
        String body;
        int code = 200;
        if (!method.equals("GET")) {
            body = request.length > 0 && method.equals("POST") ? new String(request, StandardCharsets.UTF_8)
                    : NOT_FOUND;
            code = method.equals("POST") ? 201 : 404;
        } else if (path.equals("/apis/multicluster.x-k8s.io")) {
            body = GROUP;
        } else if (path.endsWith("/wanpolicies")) {
            body = POLICIES;
        } else if (path.endsWith("/services/payment")) {
            body = SERVICE;
        } else if (path.endsWith("/namespaces/secure")) {
            body = NAMESPACE;
        } else {
            body = NOT_FOUND;
            code = 404;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String kubeconfig(int port) {
        return "apiVersion: v1\nkind: Config\ncurrent-context: training\nclusters:\n- name: training\n  cluster:\n"
                + "    server: http://127.0.0.1:" + port + "\ncontexts:\n- name: training\n  context:\n"
                + "    cluster: training\n    user: training\n    namespace: default\nusers:\n- name: training\n"
                + "  user:\n    token: training\n";
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
