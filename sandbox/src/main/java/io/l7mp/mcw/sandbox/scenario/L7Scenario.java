package io.l7mp.mcw.sandbox.scenario;

import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;

/**
 * The seed's second story: cluster-1 exports payment under two more names, one per tunnel
 * ({@code k8s/examples/l7/payment-tunnels.yaml}), and cluster-2 applies the VirtualService
 * ({@code k8s/examples/l7/virtualservice.yaml}): only GETs under {@code /payment} go over the business tunnel (31111),
 * everything else to payment over the internet tunnel (31112). Sends such requests from cluster-2 and counts on which
 * tunnel port each entered cluster-1. Runs after {@link ServiceLevelScenario} (the policies and namespace).
 */
public final class L7Scenario {
    private static final String HOST = "payment.secure.svc.clusterset.local";
    private static final int BUSINESS = 31111;
    private static final int INTERNET = 31112;
    private static final int EACH = 5;

    private final Sandbox sandbox;
    private final PrintStream out;
    private final Path examples;
    private final SandboxTraffic traffic;

    public L7Scenario(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
        this.examples = sandbox.repoRoot().resolve("k8s").resolve("examples").resolve("l7");
        this.traffic = new SandboxTraffic(sandbox);
    }

    /** True if every request entered cluster-1 on the tunnel the VirtualService says, within {@code timeout}. */
    public boolean run(Duration timeout) {
        String exporter = sandbox.clusters().get(0);
        String client = sandbox.clusters().get(sandbox.clusters().size() - 1);
        YamlApplier.apply(sandbox.client(exporter), examples.resolve("payment-tunnels.yaml"));
        HttpBackend backend = sandbox.sampleBackend("payment");
        for (String name : List.of("payment-high-prio", "payment-low-prio")) {
            sandbox.client(exporter).resource(new EndpointSliceBuilder()
                    .withNewMetadata().withNamespace("secure").withName(name + "-sandbox")
                    .withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                    .withAddressType("IPv4")
                    .addNewPort().withName("http").withProtocol("TCP").withPort(backend.port()).endPort()
                    .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                    .endEndpoint().build()).createOr(NonDeletingOperation::update);
        }
        say("applied l7/payment-tunnels.yaml to %s (payment-high-prio over business, payment-low-prio over "
                + "internet, both backed by the sample payment server)", exporter);
        YamlApplier.apply(sandbox.client(client), examples.resolve("virtualservice.yaml"));
        say("applied l7/virtualservice.yaml to %s: GET /payment* over business, the rest over internet", client);
        try {
            // the rule is in force once a POST crosses on the internet tunnel
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                double before = ingress(exporter, INTERNET);
                return traffic.send(client, "POST", HOST, "/payment") == 200 && ingress(exporter, INTERNET) > before;
            });
        } catch (ConditionTimeoutException e) {
            say("FAIL: %s's gateway did not route POST /payment over internet within %d s", client,
                    timeout.toSeconds());
            return false;
        }
        List<Request> requests = List.of(new Request("GET", "/payment/order-42", BUSINESS),
                new Request("POST", "/payment", INTERNET), new Request("GET", "/stats", INTERNET));
        TextTable table = new TextTable("REQUEST (from " + client + ")", "SENT", "OK", "ON BUSINESS (31111)",
                "ON INTERNET (31112)", "EXPECTED");
        List<String> failures = new ArrayList<>();
        for (Request request : requests) {
            long onBusiness = 0;
            long onInternet = 0;
            int ok = 0;
            // the story needs each policy on its own tunnel: on a loaded machine the business tunnel may break its
            // SLA for a while, and its flows then rightly move (the failover story); wait that out, then measure
            for (int attempt = 1; attempt <= 3; attempt++) {
                if (!awaitOwnTunnels(client, exporter, timeout)) {
                    say("FAIL: %s's gateway does not use each policy's own tunnel to %s (high: %s, low: %s); see "
                            + "the telemetry and gateway logs in %s", client, exporter,
                            choice(client, exporter,
                                    HIGH),
                            choice(client, exporter, LOW), sandbox.workDir().resolve("logs"));
                    return false;
                }
                double business = settled(exporter, BUSINESS);
                double internet = settled(exporter, INTERNET);
                ok = 0;
                for (int i = 0; i < EACH; i++) {
                    ok += traffic.send(client, request.method(), HOST, request.path()) == 200 ? 1 : 0;
                }
                onBusiness = Math.round(settled(exporter, BUSINESS) - business);
                onInternet = Math.round(settled(exporter, INTERNET) - internet);
                if (ownTunnels(client, exporter)) {
                    break;
                }
                say("a tunnel choice changed while %s %s was measured; measuring again", request.method(),
                        request.path());
            }
            boolean right = ok == EACH && (request.tunnelPort() == BUSINESS ? onBusiness == EACH && onInternet == 0
                    : onInternet == EACH && onBusiness == 0);
            table.row(request.method() + " " + request.path(), Integer.toString(EACH), Integer.toString(ok),
                    Long.toString(onBusiness), Long.toString(onInternet),
                    (request.tunnelPort() == BUSINESS ? "business" : "internet") + (right ? "" : "  <- WRONG"));
            if (!right) {
                failures.add(request.method() + " " + request.path());
            }
        }
        out.println();
        out.println(table.render());
        out.println();
        if (failures.isEmpty()) {
            say("PASS: every request entered %s on the tunnel the VirtualService chose", exporter);
            return true;
        }
        say("FAIL: %s did not go as the VirtualService says; see the gateway logs in %s", failures,
                sandbox.workDir().resolve("logs"));
        return false;
    }

    private record Request(String method, String path, int tunnelPort) {
    }

    private static final String HIGH = "sd-wan-priority-high";
    private static final String LOW = "sd-wan-priority-low";

    private boolean awaitOwnTunnels(String client, String exporter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ownTunnels(client, exporter)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(200);
        }
        return true;
    }

    private boolean ownTunnels(String client, String exporter) {
        return "preferred".equals(choice(client, exporter, HIGH)) && "preferred".equals(choice(client, exporter, LOW));
    }

    private String choice(String client, String exporter, String policy) {
        return traffic.labelAtOne(client, "mcw_gateway_tunnel_choice", exporter, policy, "kind");
    }

    private double ingress(String cluster, int tunnelPort) {
        return traffic.metric(cluster, "mcw_gateway_requests_total{", "direction=\"ingress\"",
                "tunnel_port=\"" + tunnelPort + "\"");
    }

    /** The ingress counter once it stopped moving: a request is counted when its response ends. */
    private double settled(String cluster, int tunnelPort) {
        double last = -1;
        for (int i = 0; i < 40; i++) {
            double now = ingress(cluster, tunnelPort);
            if (now == last) {
                return now;
            }
            last = now;
            sleep(150);
        }
        return last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String format, Object... args) {
        out.println("[scenario l7] " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
