package io.l7mp.mcw.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

import io.l7mp.mcw.sandbox.scenario.FailoverScenario;
import io.l7mp.mcw.sandbox.scenario.L7Scenario;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/sandbox}: starts a clusterset on this machine, plays a scenario, then runs until Ctrl-C (or exits). */
@Command(name = "sandbox", sortOptions = false, usageHelpAutoWidth = true, subcommands = RestartCommand.class, description = {
        "Starts a whole MCW clusterset on this machine: a Kafka broker, one Kubernetes API server per cluster "
                + "and, per cluster, every service as its own process from its packaged jar. Writes a "
                + "kubeconfig with one context per cluster, plays a scenario, and runs until Ctrl-C, which "
                + "stops everything. A service that exits is started again (at once, then with backoff); "
                + "'sandbox restart CLUSTER/SERVICE' restarts one on purpose." }, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                        "0:the scenario passed (or Ctrl-C)", "1:the scenario failed or the sandbox did not start",
                        "2:invalid command line" })
public final class SandboxMain implements Callable<Integer> {

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "2", description = "Number of clusters, named cluster-1..N (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Kubeconfig, logs and Kafka data (default: .sandbox/ under the repository root).")
    Path workDir;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "service-level", description = "service-level: apply k8s/examples/service-level/ and wait for the imports; l7: that, then "
            + "k8s/examples/l7/ and requests from the last cluster, counted per tunnel; failover: service-level, then "
            + "steady GETs while the business tunnel is cut and restored; all: the three; none: start only "
            + "(default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--exit", description = "Exit after the scenario: 0 if the system did it within the timeout, "
            + "1 if not. Without it the sandbox runs until Ctrl-C.")
    boolean exit;

    @Option(names = "--services", paramLabel = "LIST", split = ",", description = "Services to run per cluster (default: policy-service,export-service,import-service,"
            + "gateway-service,telemetry-service); none: only Kafka and the API servers.")
    List<String> services;

    @Option(names = "--observability", description = "Also start Prometheus (Debian's package; bin/install-prometheus "
            + "installs it when missing), scraping every service every 2 s with a cluster label and evaluating "
            + "k8s/prometheus/mcw-rules.yaml, and a Zipkin server that receives the services' spans; both on "
            + "loopback, their URLs printed.")
    boolean observability;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long the scenario may take (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "240", description = "How long each process may take to become ready (default: ${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private static final List<String> SCENARIOS = List.of("service-level", "l7", "failover", "all", "none");

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        configureLogging();
        int code = new CommandLine(new SandboxMain()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!SCENARIOS.contains(scenario)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "Unknown --scenario '" + scenario + "'; expected one of " + String.join(", ", SCENARIOS));
        }
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options());
        } catch (SandboxException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("[sandbox] error: " + e.getMessage());
            return 1;
        }
        boolean passed = playScenario(sandbox);
        if (exit) {
            sandbox.close();
            return passed ? 0 : 1;
        }
        printUsage(sandbox);
        stopOnCtrlC(sandbox);
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Ctrl-C stops everything and exits 0, as the help says (the JVM's own handler would exit 130). SIGTERM keeps the
     * JVM's handling: the shutdown hook stops everything, exit 143.
     */
    @SuppressWarnings("restriction")
    private static void stopOnCtrlC(Sandbox sandbox) {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
            sandbox.close();
            System.exit(0);
        });
    }

    /** True if the scenario passed (or none was asked for); a scenario that throws has failed, with its message. */
    private boolean playScenario(Sandbox sandbox) {
        if ("none".equals(scenario)) {
            return true;
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try {
            boolean passed = new ServiceLevelScenario(sandbox, out).run(timeout);
            if (passed && List.of("l7", "all").contains(scenario)) {
                passed = new L7Scenario(sandbox, out).run(timeout);
            }
            if (passed && List.of("failover", "all").contains(scenario)) {
                passed = new FailoverScenario(sandbox, out).run(timeout);
            }
            return passed;
        } catch (RuntimeException e) {
            System.err.println("[scenario] error: " + e.getMessage());
            return false;
        }
    }

    private SandboxOptions options() {
        SandboxOptions options = SandboxOptions.defaults()
                .withClusters(clusters)
                .withReadyTimeout(Duration.ofSeconds(startTimeoutSeconds))
                .withObservability(observability)
                .withOut(out);
        if (workDir != null) {
            options = options.withWorkDir(workDir.toAbsolutePath());
        }
        if (services != null) {
            options = options.withServices(services.equals(List.of("none")) ? List.of() : services);
        }
        return options;
    }

    private void printUsage(Sandbox sandbox) {
        String first = sandbox.clusters().get(0);
        String last = sandbox.clusters().get(sandbox.clusters().size() - 1);
        out.println();
        out.println("[sandbox] running. Kubeconfig: " + sandbox.kubeconfig() + " (contexts "
                + String.join(", ", sandbox.clusters()) + ")");
        out.println("[sandbox]   export KUBECONFIG=" + sandbox.kubeconfig());
        out.println("[sandbox]   kubectl --context " + last + " get serviceimports -A");
        out.println("[sandbox]   kubectl --context " + first + " get serviceexports -A -o yaml");
        out.println("[sandbox]   kubectl --context " + first + " apply -f k8s/examples/l7/payment-tunnels.yaml");
        out.println("[sandbox]   curl -s -H 'Host: payment.secure.svc.clusterset.local:8080' http://"
                + sandbox.address(last) + ":" + sandbox.hostRoutingPort() + "/hello   # " + last
                + "'s gateway -> the WAN emulator -> " + first + "'s gateway -> payment");
        out.println("[sandbox] Kafka: " + sandbox.bootstrapServers() + "; service logs: " + sandbox.workDir()
                .resolve("logs"));
        for (ServiceProcess process : sandbox.processes()) {
            out.println("[sandbox]   " + String.format("%-32s %s (pid %d)", process.name(), process.url(),
                    process.pid()));
        }
        String api = sandbox.wanApi().toString().replaceAll("/$", "");
        out.println("[sandbox] WAN emulator (every cross-cluster byte crosses it; docs/wan-emulator.md): " + api);
        out.println("[sandbox]   curl -s " + api + "/paths                 # paths, settings and counters");
        out.println("[sandbox]   curl -s -X PUT '" + api + "/paths/" + last + "/" + first
                + "/business' -d '{\"cut\":\"blackhole\"}'   # cut a tunnel");
        out.println("[sandbox]   curl -s -X PUT '" + api + "/paths/*/*/*' -d '{\"cut\":\"none\"}'     # restore");
        sandbox.prometheusUrl().ifPresent(url -> {
            out.println("[sandbox] Prometheus (every service of every cluster, label cluster; the rules of "
                    + "k8s/prometheus): " + url);
            out.println("[sandbox]   curl -s '" + url + "/api/v1/query?query=mcw_gateway_active_tunnel'");
            out.println("[sandbox]   curl -s " + url + "/api/v1/alerts");
        });
        sandbox.zipkinUrl().ifPresent(url -> out.println("[sandbox] Zipkin (the services' traces): " + url));
        out.println("[sandbox] Ctrl-C stops everything.");
        out.flush();
    }

    /**
     * Call first in a launcher's main. The testkit and the clients log through JBoss LogManager, which must be the
     * JUL manager before anything touches java.util.logging. The launcher prints its own progress; the libraries'
     * INFO lines (Kafka client configurations...) would drown it.
     */
    public static void configureLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
    }
}
