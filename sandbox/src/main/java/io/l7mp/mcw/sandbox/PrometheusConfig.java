package io.l7mp.mcw.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the sandbox's Prometheus reads: its configuration and the file of scrape targets (Prometheus' file-based
 * service discovery), computed from the running services. Prometheus watches the targets file, so rewriting it is
 * enough when a service comes back on another port.
 * <p>
 * Each target carries the labels the {@code PodMonitor} of {@code k8s/monitoring} gives a pod's metrics in a real
 * cluster: {@code cluster} (which every dashboard and rule groups by), {@code namespace} and {@code container} (the
 * service's container name in {@code k8s/base}). No target label {@code service}: it would rename the gateway's own
 * {@code service} label to {@code exported_service} (docs/metrics.md).
 */
final class PrometheusConfig {

    /** How often every service is scraped and every rule evaluated: short, so a test sees a change within seconds. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** The job name, and where the services serve their metrics. */
    static final String JOB = "mcw";
    static final String METRICS_PATH = "/q/metrics";
    /** The namespace the services run in on Kubernetes ({@code k8s/base}). */
    static final String NAMESPACE = "mcw-system";

    /** One service to scrape: {@code 127.0.0.1:<port>}. */
    record Target(String cluster, String service, int port) {
        Target {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(service, "service");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of " + cluster + "/" + service + " must be 1-65535, got "
                        + port);
            }
        }
    }

    private PrometheusConfig() {
    }

    /** {@code prometheus.yml}: one job over the targets file, the rule file, everything every {@link #INTERVAL}. */
    static String config(Path rules, Path targets) {
        String interval = INTERVAL.toSeconds() + "s";
        return """
                # Written by the sandbox (bin/sandbox --observability) at every start; the targets are in %s.
                global:
                  scrape_interval: %s
                  scrape_timeout: %s
                  evaluation_interval: %s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    file_sd_configs:
                      - files:
                          - %s
                        refresh_interval: 5s
                """.formatted(targets.getFileName(), interval, interval, interval, quoted(rules.toString()), JOB,
                METRICS_PATH, quoted(targets.toString()));
    }

    /** The targets file: a JSON list with one group per service. */
    static String targets(List<Target> targets) {
        return targets.stream()
                .map(t -> "  {\"targets\": [" + quoted("127.0.0.1:" + t.port()) + "], \"labels\": {\"cluster\": "
                        + quoted(t.cluster()) + ", \"namespace\": " + quoted(NAMESPACE) + ", \"container\": "
                        + quoted(t.service()) + "}}")
                .collect(Collectors.joining(",\n", "[\n", targets.isEmpty() ? "]\n" : "\n]\n"));
    }

    /** A double-quoted string, valid in both YAML and JSON. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
