package io.l7mp.mcw.testkit.wan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The emulator's HTTP API on a loopback port, for scripts and for tests in other processes (docs/wan-emulator.md has
 * curl examples):
 * <ul>
 * <li>{@code GET /paths}: every path with its settings and counters;</li>
 * <li>{@code GET /paths/{src}/{dst}/{tunnel}}: one path, or an array when a name is {@code *};</li>
 * <li>{@code PUT /paths/{src}/{dst}/{tunnel}} with some of {@code delayMs, jitterMs, lossPercent,
 * bandwidthBytesPerSecond, retransmitDelayMs, cut}: changes only those;</li>
 * <li>{@code POST /paths/{src}/{dst}/{tunnel}/restore} and {@code .../clear};</li>
 * <li>{@code GET /tunnels}, {@code POST /tunnels} with {@code {"name":"x","port":32000}}.</li>
 * </ul>
 * Bad input answers 400 with a message naming the field, the bad value and what was expected, and changes nothing.
 */
public final class WanEmulatorApi implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(WanEmulatorApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WanEmulator emulator;
    private final HttpServer server;

    private WanEmulatorApi(WanEmulator emulator, HttpServer server) {
        this.emulator = emulator;
        this.server = server;
    }

    /** Serves the API of {@code emulator} on 127.0.0.1:{@code port} (0: any free port). */
    public static WanEmulatorApi start(WanEmulator emulator, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WanEmulatorApi api = new WanEmulatorApi(emulator, server);
            server.createContext("/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the WAN emulator API on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An answer other than 200: its status and message. */
    private static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            List<String> segments = segments(exchange.getRequestURI().getPath());
            JsonNode answer;
            int status = 200;
            try {
                answer = route(method, segments, exchange.getRequestBody());
                if ("POST".equals(method) && segments.equals(List.of("tunnels"))) {
                    status = 201;
                }
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = error(e.getMessage());
            } catch (IllegalStateException e) {
                status = 409;
                answer = error(e.getMessage());
            } catch (Refusal e) {
                status = e.status;
                answer = error(e.getMessage());
            } catch (RuntimeException e) {
                LOGGER.warnf(e, "WAN emulator API: %s %s failed", method, exchange.getRequestURI());
                status = 500;
                answer = error(e.toString());
            }
            if (status >= 400) {
                LOGGER.debugf("WAN emulator API: %s %s answered %d: %s", method, exchange.getRequestURI(), status,
                        answer.get("error").asText());
            }
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private JsonNode route(String method, List<String> segments, InputStream body) throws IOException {
        if (segments.equals(List.of("paths"))) {
            requireMethod(method, "GET");
            return paths(emulator.paths(WanTopology.ANY, WanTopology.ANY, WanTopology.ANY));
        }
        if (segments.equals(List.of("tunnels"))) {
            if ("POST".equals(method)) {
                addTunnel(readJson(body));
            } else {
                requireMethod(method, "GET, POST");
            }
            return tunnels();
        }
        if (segments.size() < 4 || segments.size() > 5 || !segments.get(0).equals("paths")) {
            throw new Refusal(404, "No such resource: /" + String.join("/", segments) + ", expected /paths,"
                    + " /paths/{source}/{destination}/{tunnel}[/restore|/clear] or /tunnels");
        }
        String source = segments.get(1);
        String destination = segments.get(2);
        String tunnel = segments.get(3);
        if (segments.size() == 5) {
            requireMethod(method, "POST");
            return switch (segments.get(4)) {
                case "restore" -> selected(source, destination, tunnel, emulator.paths(source, destination, tunnel)
                        .restore());
                case "clear" -> selected(source, destination, tunnel, emulator.paths(source, destination, tunnel)
                        .clear());
                default -> throw new Refusal(404, "No such action '" + segments.get(4)
                        + "', expected restore or clear");
            };
        }
        if ("PUT".equals(method)) {
            // parsed and checked in full before any path changes
            PathUpdate update = PathUpdate.parse(readJson(body));
            WanPaths paths = emulator.paths(source, destination, tunnel);
            return selected(source, destination, tunnel, paths.update(update.change()));
        }
        requireMethod(method, "GET, PUT");
        return selected(source, destination, tunnel, emulator.paths(source, destination, tunnel));
    }

    private void addTunnel(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object {\"name\":...,\"port\":...}, got "
                    + body);
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !field.equals("port")) {
                throw new IllegalArgumentException("Unknown field '" + field + "', expected name and port");
            }
        });
        JsonNode name = body.get("name");
        JsonNode port = body.get("port");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("Field 'name': got " + name + ", expected a tunnel name (a string)");
        }
        if (port == null || !port.isIntegralNumber() || port.asLong() < 1 || port.asLong() > 65535) {
            throw new IllegalArgumentException("Field 'port': got " + port + ", expected a port from 1 to 65535");
        }
        emulator.addTunnel(name.asText(), port.asInt());
    }

    private static void requireMethod(String method, String allowed) {
        if (!List.of(allowed.split(", ")).contains(method)) {
            throw new Refusal(405, "Method " + method + " is not allowed here, expected " + allowed);
        }
    }

    private static JsonNode readJson(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        try {
            return bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON: "
                    + new String(bytes, StandardCharsets.UTF_8) + " (" + e.getOriginalMessage() + ")");
        }
    }

    /** One path when every name is concrete, else an array of the selected paths. */
    private static JsonNode selected(String source, String destination, String tunnel, WanPaths paths) {
        boolean wildcard = List.of(source, destination, tunnel).contains(WanTopology.ANY);
        return wildcard ? paths(paths) : path(paths.list().get(0));
    }

    private static ArrayNode paths(WanPaths paths) {
        ArrayNode array = JSON.createArrayNode();
        paths.list().forEach(path -> array.add(path(path)));
        return array;
    }

    private static ObjectNode path(WanPath path) {
        ObjectNode node = JSON.createObjectNode().put("source", path.source()).put("destination", path.destination())
                .put("tunnel", path.tunnel());
        PathSettings s = path.settings();
        node.putObject("settings").put("delayMs", s.delay().toMillis()).put("jitterMs", s.jitter().toMillis())
                .put("lossPercent", s.lossPercent()).put("bandwidthBytesPerSecond", s.bandwidthBytesPerSecond())
                .put("retransmitDelayMs", s.retransmitDelay().toMillis())
                .put("cut", s.cut().name().toLowerCase(Locale.ROOT));
        PathCounters c = path.counters();
        node.putObject("counters").put("bytesForward", c.bytesForward()).put("bytesReverse", c.bytesReverse())
                .put("datagramsForward", c.datagramsForward()).put("datagramsReverse", c.datagramsReverse())
                .put("datagramsDropped", c.datagramsDropped()).put("connectionsOpened", c.connectionsOpened())
                .put("connectionsActive", c.connectionsActive()).put("connectionsReset", c.connectionsReset());
        return node;
    }

    private ArrayNode tunnels() {
        ArrayNode array = JSON.createArrayNode();
        emulator.topology().tunnels().forEach((name, port) -> array.addObject().put("name", name).put("port", port));
        return array;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static List<String> segments(String path) {
        return List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
    }
}
