package io.l7mp.mcw.sandbox.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.testkit.wan.WanPath;

/**
 * The seed's third story: cluster-2 sends steady GETs to payment in cluster-1 over the business tunnel; the WAN
 * emulator silently drops everything on it (a blackhole); the traffic moves to the internet tunnel without a failed
 * GET; the tunnel comes back and the traffic returns after the policy's hold-down. Prints the switch and fail-back
 * times, where the requests went in each phase, and what cluster-2's ServiceImport says. Runs after
 * {@link ServiceLevelScenario} (payment exported with the business policy).
 */
public final class FailoverScenario {
    private static final String HOST = "payment.secure.svc.clusterset.local";
    private static final String POLICY = "sd-wan-priority-high";
    private static final int BUSINESS = 31111;
    private static final int INTERNET = 31112;
    /** The policy's hold-down when it sets none (TunnelSelector.DEFAULT_HOLD_DOWN_SECONDS). */
    private static final int DEFAULT_HOLD_DOWN_SECONDS = 30;

    private final Sandbox sandbox;
    private final PrintStream out;
    private final SandboxTraffic traffic;

    public FailoverScenario(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
        this.traffic = new SandboxTraffic(sandbox);
    }

    /** True if the traffic moved off the cut tunnel without a failed GET and came back after the hold-down. */
    public boolean run(Duration timeout) {
        String exporter = sandbox.clusters().get(0);
        String client = sandbox.clusters().get(sandbox.clusters().size() - 1);
        if (!within(timeout, () -> "business".equals(tunnel(client, exporter)))) {
            say("FAIL: %s's gateway does not send payment's traffic over business (it uses %s)", client,
                    tunnel(client, exporter));
            return false;
        }
        WanPath business = sandbox.wan().path(client, exporter, "business");
        List<String> failures = new ArrayList<>();
        TextTable phases = new TextTable("PHASE", "GETs OK", "FAILED", "ENTERED ON BUSINESS", "ENTERED ON INTERNET");
        try (Load load = new Load(client)) {
            expect(failures, "before the cut", phase(phases, load, exporter, "before the cut", Duration.ofSeconds(3)),
                    BUSINESS);
            long cut = System.nanoTime();
            business.blackhole();
            say("cut: the WAN emulator drops everything on %s -> %s business (a blackhole)", client, exporter);
            boolean switched = within(Duration.ofSeconds(10), () -> "internet".equals(tunnel(client, exporter)));
            long switchMillis = (System.nanoTime() - cut) / 1_000_000;
            if (!switched) {
                failures.add("no switch to internet within 10 s");
            }
            say("switch to internet seen %d ms after the cut", switchMillis);
            expect(failures, "during the cut", phase(phases, load, exporter, "cut", Duration.ofSeconds(3)), INTERNET);
            business.restore();
            long restored = System.nanoTime();
            say("restored; the policy's hold-down is %d s", DEFAULT_HOLD_DOWN_SECONDS);
            boolean back = within(Duration.ofSeconds(DEFAULT_HOLD_DOWN_SECONDS + 20),
                    () -> "business".equals(tunnel(client, exporter)));
            long backMillis = (System.nanoTime() - restored) / 1_000_000;
            if (!back) {
                failures.add("no fail-back to business");
            } else if (backMillis < DEFAULT_HOLD_DOWN_SECONDS * 1000L) {
                failures.add("failed back after " + backMillis + " ms, before the hold-down");
            }
            say("fail-back to business %d ms after the restore", backMillis);
            expect(failures, "after the fail-back", phase(phases, load, exporter, "after the fail-back",
                    Duration.ofSeconds(3)), BUSINESS);
            if (load.failed.get() > 0) {
                failures.add(load.failed.get() + " failed GETs");
            }
        } finally {
            business.clear();
        }
        out.println();
        out.println(phases.render());
        out.println();
        out.println(importStatus(client));
        out.println();
        if (failures.isEmpty()) {
            say("PASS: the traffic left the cut tunnel without a failed GET and came back after the hold-down");
            return true;
        }
        say("FAIL: %s; see the gateway and telemetry logs in %s", String.join("; ", failures),
                sandbox.workDir().resolve("logs"));
        return false;
    }

    /** Requests that entered the exporting cluster on each tunnel port during one phase. */
    private record Entered(long business, long internet) {
    }

    private Entered phase(TextTable table, Load load, String exporter, String name, Duration length) {
        long ok = load.ok.get();
        long failed = load.failed.get();
        double business = ingress(exporter, BUSINESS);
        double internet = ingress(exporter, INTERNET);
        sleep(length.toMillis());
        Entered entered = new Entered(Math.round(ingress(exporter, BUSINESS) - business),
                Math.round(ingress(exporter, INTERNET) - internet));
        table.row(name, Long.toString(load.ok.get() - ok), Long.toString(load.failed.get() - failed),
                Long.toString(entered.business()), Long.toString(entered.internet()));
        return entered;
    }

    /** The phase's traffic entered on {@code tunnelPort}; a few requests in flight at a switch may still cross. */
    private static void expect(List<String> failures, String phase, Entered entered, int tunnelPort) {
        long on = tunnelPort == BUSINESS ? entered.business() : entered.internet();
        long off = tunnelPort == BUSINESS ? entered.internet() : entered.business();
        if (on == 0 || off > on / 10) {
            failures.add(phase + ": " + entered.business() + " requests entered on business, "
                    + entered.internet() + " on internet, expected " + (tunnelPort == BUSINESS ? "business"
                            : "internet"));
        }
    }

    private String importStatus(String client) {
        GenericKubernetesResource imported = sandbox.client(client)
                .genericKubernetesResources("multicluster.x-k8s.io/v1beta1", "ServiceImport").inNamespace("secure")
                .withName("payment").get();
        Object status = imported == null ? null : imported.getAdditionalProperties().get("status");
        TextTable table = new TextTable("SERVICEIMPORT secure/payment in " + client, "VALUE");
        if (status instanceof Map<?, ?> map) {
            if (map.get("conditions") instanceof List<?> conditions) {
                for (Object condition : conditions) {
                    if (condition instanceof Map<?, ?> c && "WANPolicySatisfied".equals(c.get("type"))) {
                        table.row("WANPolicySatisfied", c.get("status") + " (" + c.get("reason") + ")");
                    }
                }
            }
            if (map.get("tunnels") instanceof List<?> tunnels) {
                for (Object entry : tunnels) {
                    if (entry instanceof Map<?, ?> t && t.get("tunnel") != null) {
                        table.row("tunnel to " + t.get("cluster"), t.get("tunnel") + " " + t.get("state") + ", rtt "
                                + t.get("rttMs") + " ms, jitter " + t.get("jitterMs") + " ms, loss "
                                + t.get("lossPercent") + " %");
                    }
                }
            }
        }
        return table.isEmpty() ? "(no WAN status on cluster-2's ServiceImport yet)" : table.render();
    }

    private String tunnel(String client, String exporter) {
        return traffic.labelAtOne(client, "mcw_gateway_active_tunnel", exporter, POLICY, "tunnel");
    }

    private double ingress(String cluster, int tunnelPort) {
        return traffic.metric(cluster, "mcw_gateway_requests_total{", "direction=\"ingress\"",
                "tunnel_port=\"" + tunnelPort + "\"");
    }

    private static boolean within(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String format, Object... args) {
        out.println("[scenario failover] " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** GETs to payment from the client cluster, one after another on two threads. */
    private final class Load implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(String client) {
            for (int i = 0; i < 2; i++) {
                Thread thread = new Thread(() -> {
                    long n = 0;
                    while (running.get()) {
                        // under /payment, so that the l7 story's VirtualService keeps these GETs on business too
                        int status = traffic.send(client, "GET", HOST, "/payment/steady/" + n++);
                        (status == 200 ? ok : failed).incrementAndGet();
                        sleep(20);
                    }
                }, "scenario-load-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        @Override
        public void close() {
            running.set(false);
            for (Thread thread : threads) {
                try {
                    thread.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
