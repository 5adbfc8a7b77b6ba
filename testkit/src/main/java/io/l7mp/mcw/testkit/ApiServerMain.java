package io.l7mp.mcw.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link ApiServer} per simulated cluster until the process is killed, and writes a kubeconfig with one
 * context per cluster:
 * {@code java -cp ... io.l7mp.mcw.testkit.ApiServerMain --clusters cluster-1,cluster-2 --kubeconfig PATH
 * [--host 127.0.0.1] [--ports 0,0] [--admission validate|none] [--parent-pid P] [--warm-up ROUNDS]}. Custom resources that
 * break their
 * committed CRD's schema are refused unless {@code --admission none}. Prints {@code APISERVER READY <name> <url>} per cluster
 * once
 * all listen. With {@code --parent-pid} it also exits when that process does; with {@code --warm-up} each server first serves
 * that many rounds of every kind of request on a scratch namespace it then deletes ({@link ApiServerWarmUp}), so that
 * its cold JVM is not in the first real request's time.
 */
public final class ApiServerMain {

    private static final String USAGE = "ApiServerMain --clusters cluster-1,cluster-2 --kubeconfig PATH"
            + " [--host 127.0.0.1] [--ports 0,0] [--admission validate|none] [--parent-pid P] [--warm-up ROUNDS]";

    private ApiServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuietLogging.configure("io.fabric8", "io.vertx", "io.netty");
        MainArgs options = MainArgs.parse(args, Set.of("clusters", "kubeconfig", "host", "ports", "admission",
                "parent-pid", "warm-up"), USAGE);
        List<String> clusters = Arrays.asList(options.required("clusters").split(","));
        Path kubeconfig = Path.of(options.required("kubeconfig"));
        String host = options.optional("host", "127.0.0.1");
        List<Integer> ports = ports(options.optional("ports", ""), clusters.size());
        boolean admission = admission(options.optional("admission", "validate"));

        List<ApiServer> servers = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(ApiServer::close), "apiserver-stop"));
        for (int i = 0; i < clusters.size(); i++) {
            servers.add(ApiServer.builder(clusters.get(i).trim()).host(host).port(ports.get(i)).admission(admission)
                    .start());
        }
        int warmUp = Integer.parseInt(options.optional("warm-up", "0"));
        if (warmUp > 0) {
            servers.forEach(server -> ApiServerWarmUp.run(server, warmUp));
        }
        ApiServer.writeKubeconfig(kubeconfig, servers);
        for (ApiServer server : servers) {
            System.out.println("APISERVER READY " + server.clusterName() + " " + server.url());
        }
        System.out.flush();
        options.exitWithParent();
        new CountDownLatch(1).await();
    }

    private static boolean admission(String value) {
        switch (value) {
            case "validate":
                return true;
            case "none":
                return false;
            default:
                throw new IllegalArgumentException("--admission is 'validate' or 'none', got '" + value + "'");
        }
    }

    private static List<Integer> ports(String value, int clusters) {
        List<Integer> ports = new ArrayList<>();
        if (value.isBlank()) {
            for (int i = 0; i < clusters; i++) {
                ports.add(0);
            }
            return ports;
        }
        String[] parts = value.split(",");
        if (parts.length != clusters) {
            throw new IllegalArgumentException("--ports needs one port per cluster (" + clusters + "), got '" + value + "'");
        }
        for (String part : parts) {
            ports.add(Integer.parseInt(part.trim()));
        }
        return ports;
    }
}
