package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.l7mp.mcw.sandbox.scenario.FailoverScenario;
import io.l7mp.mcw.sandbox.scenario.L7Scenario;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;

/**
 * The main job's scenarios ({@code bin/sandbox --scenario all}) as a user runs them: the seed's YAML, real traffic
 * from cluster-2, and each scenario's own verdict, which is what {@code --exit} turns into the exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenariosIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-scenarios")));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void serviceLevel() {
        assertThat(new ServiceLevelScenario(sandbox, System.out).run(TIMEOUT)).as("the service-level story").isTrue();
    }

    @Test
    @Order(2)
    void l7() {
        assertThat(new L7Scenario(sandbox, System.out).run(TIMEOUT)).as("the L7 story").isTrue();
    }

    @Test
    @Order(3)
    void failover() {
        assertThat(new FailoverScenario(sandbox, System.out).run(TIMEOUT)).as("the failover story").isTrue();
    }
}
