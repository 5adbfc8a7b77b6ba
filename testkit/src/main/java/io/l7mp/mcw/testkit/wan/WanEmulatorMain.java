package io.l7mp.mcw.testkit.wan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

/**
 * Runs a {@link WanEmulator} and its {@link WanEmulatorApi} as a process of its own (so that its CPU can be measured
 * apart from everything else) until it is killed:
 * {@code java -cp ... io.l7mp.mcw.testkit.wan.WanEmulatorMain --clusters cluster-1,cluster-2
 * [--tunnels business=31111,internet=31112] [--api-port 0] [--parent-pid P]}. The clusters get the sandbox's
 * addressing ({@link WanTopology#sandbox}). Prints {@code WAN EMULATOR READY <api url>} once it listens. With
 * {@code --parent-pid} it also exits when that process does.
 */
public final class WanEmulatorMain {

    static final String USAGE = "WanEmulatorMain --clusters cluster-1,cluster-2 [--tunnels business=31111,internet=31112]"
            + " [--api-port 0] [--parent-pid P]";

    /** The command line, parsed. */
    record Options(WanTopology topology, int apiPort, long parentPid) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (!List.of("--clusters", "--tunnels", "--api-port", "--parent-pid").contains(name)) {
                    throw new IllegalArgumentException("Unknown option '" + name + "'. Usage: " + USAGE);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + name + " needs a value. Usage: " + USAGE);
                }
                values.put(name, args[i + 1]);
            }
            String clusters = values.get("--clusters");
            if (clusters == null || clusters.isBlank()) {
                throw new IllegalArgumentException("Missing option --clusters. Usage: " + USAGE);
            }
            Map<String, Integer> tunnels = values.containsKey("--tunnels") ? tunnels(values.get("--tunnels"))
                    : WanTopology.SEED_TUNNELS;
            WanTopology topology = WanTopology.sandbox(Arrays.stream(clusters.split(",")).map(String::trim).toList(),
                    tunnels);
            int apiPort = (int) number("--api-port", values.getOrDefault("--api-port", "0"), 0, 65535);
            long parentPid = number("--parent-pid", values.getOrDefault("--parent-pid", "0"), 0, Long.MAX_VALUE);
            return new Options(topology, apiPort, parentPid);
        }

        private static Map<String, Integer> tunnels(String value) {
            Map<String, Integer> tunnels = new LinkedHashMap<>();
            for (String tunnel : value.split(",")) {
                String[] parts = tunnel.trim().split("=");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--tunnels: '" + tunnel + "' is not NAME=PORT, expected e.g."
                            + " business=31111,internet=31112");
                }
                tunnels.put(parts[0], (int) number("--tunnels " + parts[0], parts[1], 1, 65535));
            }
            return tunnels;
        }

        private static long number(String option, String value, long min, long max) {
            try {
                long number = Long.parseLong(value.trim());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + ": '" + value + "' is not a number from " + min + " to " + max);
        }
    }

    private static final String LOG_MANAGER = "java.util.logging.manager";

    private WanEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before anything logs: the JDK's own loggers (the HTTP server's) and JBoss Logging then share one manager
        if (System.getProperty(LOG_MANAGER) == null) {
            System.setProperty(LOG_MANAGER, "org.jboss.logmanager.LogManager");
        }
        // a record below INFO is never wanted here, and a handler that holds records until some framework configures
        // logging (Quarkus's, on this classpath) would otherwise hold every one of them
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        WanEmulator emulator = WanEmulator.start(options.topology());
        WanEmulatorApi api = WanEmulatorApi.start(emulator, options.apiPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            emulator.close();
        }, "wan-emulator-stop"));
        System.out.println("WAN EMULATOR READY " + api.uri());
        System.out.flush();
        if (options.parentPid() > 0) {
            ProcessHandle.of(options.parentPid()).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        new CountDownLatch(1).await();
    }
}
