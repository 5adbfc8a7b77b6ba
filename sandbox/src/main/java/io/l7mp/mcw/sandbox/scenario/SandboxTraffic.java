package io.l7mp.mcw.sandbox.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.l7mp.mcw.sandbox.Sandbox;

/**
 * Real requests through the sandbox's gateways and what their metrics say: what the scenarios drive and count. A
 * request goes to a cluster's Host-routing egress listener with a clusterset host name, as a client in that cluster
 * would send it.
 */
final class SandboxTraffic {
    static final String GATEWAY = "gateway-service";

    private final Sandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SandboxTraffic(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Sends {@code method path} for {@code host} from {@code cluster}'s gateway; the status, or -1 when the request
     * failed without one.
     */
    int send(String cluster, String method, String host, String path) {
        // a socket of its own: java.net.http refuses to set Host, and the Host names the service here
        String body = "POST".equals(method) ? "{}" : "";
        String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (body.isEmpty() ? ""
                        : "Content-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n")
                + "\r\n" + body;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(sandbox.address(cluster), sandbox.hostRoutingPort()), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = answer.readLine();
            answer.transferTo(Writer.nullWriter());
            String[] parts = status == null ? new String[0] : status.split(" ");
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Requests {@code cluster}'s gateway counted on its ingress listener at {@code tunnelPort} for a service. */
    double ingressRequests(String cluster, int tunnelPort, String service) {
        return metric(cluster, "mcw_gateway_requests_total{", "direction=\"ingress\"",
                "tunnel_port=\"" + tunnelPort + "\"", "service=\"" + service + "\"");
    }

    /** The sum of the samples of {@code cluster}'s gateway whose line starts with {@code prefix} and has every label. */
    double metric(String cluster, String prefix, String... labels) {
        double sum = 0;
        for (String line : metrics(cluster).split("\n")) {
            if (line.startsWith(prefix) && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * The value of {@code label} on the one sample at 1 of a gauge of {@code cluster}'s gateway for the traffic of
     * {@code policy} to {@code destination} (e.g. the {@code tunnel} of {@code mcw_gateway_active_tunnel}); "none".
     */
    String labelAtOne(String cluster, String gauge, String destination, String policy, String label) {
        for (String line : metrics(cluster).split("\n")) {
            if (line.startsWith(gauge + "{") && line.contains("destination_cluster=\"" + destination + "\"")
                    && line.contains("policy=\"" + policy + "\"") && line.endsWith(" 1.0")) {
                int start = line.indexOf(label + "=\"") + label.length() + 2;
                return line.substring(start, line.indexOf('"', start));
            }
        }
        return "none";
    }

    private String metrics(String cluster) {
        URI uri = URI.create("http://127.0.0.1:" + sandbox.httpPort(cluster, GATEWAY) + "/q/metrics");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
