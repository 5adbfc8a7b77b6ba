package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandsTest {

    @TempDir
    Path repo;

    @Test
    void commandRunsThePackagedJarWithTheClustersConfiguration() {
        // Given
        SandboxOptions options = options(List.of("import-service")).withSystemProperty("mcw.extra", "x");
        ServiceCommands commands = new ServiceCommands(options, "127.0.0.1:9092");

        // When
        ServiceProcess process = commands.process("cluster-2", "import-service", "http://127.0.0.1:6443",
                repo.resolve("work/kubeconfigs/cluster-2"), repo.resolve("work/logs/cluster-2-import-service.log"));

        // Then
        List<String> command = process.command();
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).containsSubsequence("-Xmx160m",
                "-Dquarkus.http.port=" + process.port(),
                "-Dmcw.cluster.name=cluster-2",
                "-Dkafka.bootstrap.servers=127.0.0.1:9092",
                "-Dquarkus.kubernetes-client.api-server-url=http://127.0.0.1:6443",
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Dmcw.import.egress-address=127.0.0.2",
                "-Dmcw.extra=x",
                "-jar", repo.resolve("import-service/target/quarkus-app/quarkus-run.jar").toString());
        assertThat(command).noneMatch(arg -> arg.startsWith("-Dmcw.export.") || arg.startsWith("-Dmcw.gateway."));
        assertThat(process.environment()).containsEntry("KUBECONFIG",
                repo.resolve("work/kubeconfigs/cluster-2").toString());
        assertThat(process.name()).isEqualTo("cluster-2/import-service");
        assertThat(process.url()).isEqualTo("http://127.0.0.1:" + process.port());
    }

    @Test
    void eachClusterHasItsOwnLoopbackAddressForItsGatewayAndItsPublishedAddresses() {
        // Given
        ServiceCommands commands = new ServiceCommands(options(SandboxOptions.ALL_SERVICES), "127.0.0.1:9092");

        // When
        List<String> gateway = command(commands, "cluster-3", "gateway-service");
        List<String> export = command(commands, "cluster-1", "export-service");
        List<String> policy = command(commands, "cluster-2", "policy-service");

        // Then
        assertThat(gateway).contains("-Dmcw.gateway.ingress-host=127.0.0.3", "-Dmcw.gateway.egress-host=127.0.0.3",
                "-Dmcw.gateway.egress-http-port=15080");
        assertThat(gateway).contains("-Dmcw.network.wan-source-address=127.0.0.3",
                "-Dmcw.network.allowed-cidrs=127.0.0.0/8");
        // other clusters are told cluster-1's ingress is at its WAN address, where the WAN emulator listens
        assertThat(export).contains("-Dmcw.export.ingress-address=127.0.1.1");
        assertThat(ServiceCommands.wanAddress("cluster-12")).isEqualTo("127.0.1.12");
        assertThat(policy).noneMatch(arg -> arg.contains("127.0.0.2"));
        assertThat(ServiceCommands.address("cluster-9")).isEqualTo("127.0.0.9");
        assertThatThrownBy(() -> ServiceCommands.address("prod")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyProcessGetsItsOwnPort() {
        // Given
        ServiceCommands commands = new ServiceCommands(options(SandboxOptions.ALL_SERVICES), "127.0.0.1:9092");

        // When: more processes than a sandbox of nine clusters runs
        Set<Integer> ports = IntStream.range(0, 60)
                .mapToObj(i -> commands.process("cluster-" + i, "policy-service", "http://127.0.0.1:6443",
                        repo.resolve("kubeconfig"), repo.resolve("log")).port())
                .collect(Collectors.toSet());

        // Then
        assertThat(ports).hasSize(60);
    }

    @Test
    void missingJarsAreNamedWithTheCommandThatBuildsThem() throws IOException {
        // Given: export-service is packaged, policy-service and import-service are not
        Path jar = repo.resolve("export-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        SandboxOptions options = options(SandboxOptions.CONTROL_PLANE);

        // When / Then
        assertThatThrownBy(() -> ServiceCommands.requireJars(options))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("policy-service: " + repo.resolve("policy-service/target/quarkus-app/quarkus-run.jar"))
                .hasMessageContaining("import-service: ")
                .hasMessageNotContaining("export-service: ")
                .hasMessageContaining("./mvnw -DskipTests package");
    }

    private List<String> command(ServiceCommands commands, String cluster, String service) {
        return commands.process(cluster, service, "http://127.0.0.1:6443", repo.resolve("kubeconfig"),
                repo.resolve("log")).command();
    }

    private SandboxOptions options(List<String> services) {
        return new SandboxOptions(repo, repo.resolve("work"), 2, services, SandboxOptions.DEFAULT_JVM_ARGS, Map.of(),
                Duration.ofSeconds(5), new PrintStream(OutputStream.nullOutputStream()));
    }
}
