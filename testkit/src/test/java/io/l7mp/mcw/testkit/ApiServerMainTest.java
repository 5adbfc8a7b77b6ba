package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class ApiServerMainTest {

    @Test
    void runsOneServerPerClusterAndWritesTheirKubeconfig(@TempDir Path dir) throws Exception {
        // Given
        Path kubeconfig = dir.resolve("kubeconfig");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ApiServerMain.class.getName(),
                "--clusters", "cluster-1,cluster-2", "--kubeconfig", kubeconfig.toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        try {
            // When
            List<String> ready = CompletableFuture.supplyAsync(() -> readyLines(process, 2)).get(60, TimeUnit.SECONDS);

            // Then
            assertThat(ready).hasSize(2);
            assertThat(ready.get(0)).startsWith("APISERVER READY cluster-1 http://127.0.0.1:");
            assertThat(ready.get(1)).startsWith("APISERVER READY cluster-2 http://127.0.0.1:");
            Config config = Config.fromKubeconfig("cluster-2", kubeconfig.toFile());
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.namespaces().withName("default").get()).isNotNull();
                assertThat(config.getMasterUrl()).startsWith(ready.get(1).split(" ")[3]);
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<String> readyLines(Process process, int expected) {
        List<String> ready = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (ready.size() < expected && (line = output.readLine()) != null) {
                if (line.startsWith("APISERVER READY ")) {
                    ready.add(line);
                }
            }
            return ready;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
