package io.l7mp.mcw.testkit.wan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;
import io.l7mp.mcw.testkit.wan.WanEmulatorPeers.TcpEcho;

/** The WAN emulator's HTTP API, over real HTTP against a running emulator. */
class WanEmulatorHttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private WanEmulator emulator;
    private WanEmulatorApi api;

    @BeforeEach
    void start() {
        emulator = WanEmulator.start(WanEmulatorPeers.threeClusters());
        api = WanEmulatorApi.start(emulator, 0);
    }

    @AfterEach
    void stop() {
        api.close();
        emulator.close();
    }

    @Test
    void listsEveryPathWithItsSettingsAndCounters() throws Exception {
        // When
        HttpResponse<String> response = send("GET", "/paths", null);

        // Then: 3 sources x 3 destinations x 2 tunnels
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body());
        assertThat(paths).hasSize(18);
        JsonNode first = paths.get(0);
        assertThat(first.get("source").asText()).isEqualTo("cluster-1");
        assertThat(first.get("settings").get("cut").asText()).isEqualTo("none");
        assertThat(first.get("settings").get("retransmitDelayMs").asLong()).isEqualTo(200);
        assertThat(first.get("counters").get("bytesForward").asLong()).isZero();
    }

    @Test
    void putChangesOnlyTheFieldsGivenOfOnePath() throws Exception {
        // Given
        emulator.path("cluster-2", "cluster-1", "business").jitter(Duration.ofMillis(7));

        // When
        HttpResponse<String> response = send("PUT", "/paths/cluster-2/cluster-1/business",
                "{\"delayMs\":50,\"lossPercent\":1.5,\"bandwidthBytesPerSecond\":125000,\"cut\":\"blackhole\"}");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("settings").get("delayMs").asLong()).isEqualTo(50);
        PathSettings settings = emulator.path("cluster-2", "cluster-1", "business").settings();
        assertThat(settings.delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.jitter()).isEqualTo(Duration.ofMillis(7));
        assertThat(settings.lossPercent()).isEqualTo(1.5);
        assertThat(settings.bandwidthBytesPerSecond()).isEqualTo(125_000);
        assertThat(settings.cut()).isEqualTo(Cut.BLACKHOLE);
        assertThat(emulator.path("cluster-3", "cluster-1", "business").settings()).isEqualTo(PathSettings.UNIMPAIRED);
    }

    @Test
    void wildcardsSelectManyPathsAndRestoreAndClearUndoTheChanges() throws Exception {
        // When: every tunnel into cluster-1
        HttpResponse<String> cut = send("PUT", "/paths/*/cluster-1/*", "{\"cut\":\"reset\",\"delayMs\":20}");

        // Then
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(cut.body())).hasSize(6);
        assertThat(emulator.paths("*", "cluster-1", "*").list())
                .allSatisfy(path -> assertThat(path.settings().cut()).isEqualTo(Cut.RESET));
        assertThat(emulator.path("cluster-1", "cluster-2", "business").settings().cut()).isEqualTo(Cut.NONE);

        // When
        assertThat(send("POST", "/paths/*/cluster-1/*/restore", null).statusCode()).isEqualTo(200);

        // Then: the cut is gone, the delay stays
        assertThat(emulator.path("cluster-2", "cluster-1", "internet").settings())
                .isEqualTo(PathSettings.UNIMPAIRED.withDelay(Duration.ofMillis(20)));

        // When
        assertThat(send("POST", "/paths/*/cluster-1/*/clear", null).statusCode()).isEqualTo(200);

        // Then
        assertThat(emulator.path("cluster-2", "cluster-1", "internet").settings()).isEqualTo(PathSettings.UNIMPAIRED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/paths/cluster-2/cluster-1/business | {\"delayMs\":50,\"lossPercent\":150} | lossPercent, 150, from 0 to 100",
            "/paths/cluster-2/cluster-1/business | {\"delayMs\":\"abc\"} | delayMs, \"abc\", whole number of milliseconds",
            "/paths/cluster-2/cluster-1/business | {\"delayMs\":-5} | delayMs, -5, from 0",
            "/paths/cluster-2/cluster-1/business | {\"delay\":50} | Unknown field, delay, delayMs, lossPercent",
            "/paths/cluster-2/cluster-1/business | {\"cut\":\"partial\"} | cut, \"partial\", blackhole",
            "/paths/cluster-2/cluster-1/business | {\"bandwidthBytesPerSecond\":1.5} | bandwidthBytesPerSecond, 1.5",
            "/paths/cluster-2/cluster-1/business | [1,2] | JSON object, [1,2]",
            "/paths/cluster-2/cluster-1/business | {delayMs: | not JSON",
            "/paths/cluster-9/cluster-1/business | {\"delayMs\":50} | cluster-9, cluster-1, cluster-2",
            "/paths/cluster-2/cluster-1/satellite | {\"delayMs\":50} | satellite, business, internet",
            "/paths/*/cluster-1/*/cut | {} | cut, restore or clear" })
    void badInputAnswers400NamingTheProblemAndChangesNothing(String path, String body, String expectedWords)
            throws Exception {
        // Given
        String before = send("GET", "/paths", null).body();

        // When
        HttpResponse<String> response = send(path.endsWith("/cut") ? "POST" : "PUT", path, body);

        // Then
        assertThat(response.statusCode()).isIn(400, 404);
        String error = JSON.readTree(response.body()).get("error").asText();
        for (String word : expectedWords.split(", ")) {
            assertThat(error).contains(word);
        }
        assertThat(send("GET", "/paths", null).body()).isEqualTo(before);
    }

    @Test
    void getOnePathAndWrongMethods() throws Exception {
        // When
        HttpResponse<String> one = send("GET", "/paths/cluster-3/cluster-2/internet", null);
        HttpResponse<String> wrongMethod = send("DELETE", "/paths/cluster-3/cluster-2/internet", null);
        HttpResponse<String> unknown = send("GET", "/nothing", null);

        // Then
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode path = JSON.readTree(one.body());
        assertThat(path.get("source").asText()).isEqualTo("cluster-3");
        assertThat(path.get("destination").asText()).isEqualTo("cluster-2");
        assertThat(path.get("tunnel").asText()).isEqualTo("internet");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void tunnelsAreListedAndAddedAtRunTime() throws Exception {
        // Given
        int port = WanEmulatorPeers.freePort();

        // When
        HttpResponse<String> added = send("POST", "/tunnels", "{\"name\":\"video\",\"port\":" + port + "}");

        // Then
        assertThat(added.statusCode()).isEqualTo(201);
        JsonNode tunnels = JSON.readTree(send("GET", "/tunnels", null).body());
        assertThat(tunnels).extracting(t -> t.get("name").asText()).containsExactly("business", "internet", "video");
        try (TcpEcho video = new TcpEcho("127.0.0.1", port);
                Socket socket = WanEmulatorPeers.connect("127.0.0.2", emulator.wanAddress("cluster-1", "video"))) {
            socket.getOutputStream().write("frame".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(WanEmulatorPeers.readExactly(socket, 5), StandardCharsets.UTF_8)).isEqualTo("frame");
        }
        JsonNode path = JSON.readTree(send("GET", "/paths/cluster-2/cluster-1/video", null).body());
        assertThat(path.get("counters").get("bytesForward").asLong()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"video\",\"port\":70000} | port, 70000, 1 to 65535",
            "{\"name\":\"business\",\"port\":40000} | business, exists already",
            "{\"name\":\"a/b\",\"port\":40000} | a/b, expected letters",
            "{\"name\":\"video\",\"port\":40000,\"mtu\":1400} | mtu, name and port" })
    void badTunnelsAre400AndNotAdded(String body, String expectedWords) throws Exception {
        // When
        HttpResponse<String> response = send("POST", "/tunnels", body);

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        String error = JSON.readTree(response.body()).get("error").asText();
        for (String word : expectedWords.split(", ")) {
            assertThat(error).contains(word);
        }
        assertThat(emulator.topology().tunnels()).containsOnlyKeys("business", "internet");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.uri() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .build();
        return http.send(request, BodyHandlers.ofString());
    }
}
