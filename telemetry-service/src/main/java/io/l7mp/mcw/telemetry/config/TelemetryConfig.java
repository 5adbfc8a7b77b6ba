package io.l7mp.mcw.telemetry.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l7mp.mcw.telemetry.domain.HealthPublishing;
import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.smallrye.config.ConfigMapping;

/**
 * Settings of the telemetry-service (docs/configuration.md). The defaults are those of the domain,
 * {@link ProbeSettings#DEFAULTS} and {@link HealthPublishing#DEFAULT_INTERVAL}, declared there once: a key left
 * unset takes the domain's value.
 */
@ConfigMapping(prefix = "mcw.telemetry")
public interface TelemetryConfig {
    /** How tunnels are probed and judged. */
    Probe probe();

    /** How often a tunnel's health is published when nothing changed (a change goes out at once). */
    Optional<Duration> publishInterval();

    /** The probe settings, checked by the domain. */
    default ProbeSettings probeSettings() {
        Probe p = probe();
        ProbeSettings d = ProbeSettings.DEFAULTS;
        ProbeSettings settings;
        try {
            settings = new ProbeSettings(p.interval().orElse(d.interval()), p.downAfter().orElse(d.downAfter()),
                    p.upAfter().orElse(d.upAfter()), p.lossTimeoutMin().orElse(d.lossTimeoutMin()),
                    p.lossTimeoutMax().orElse(d.lossTimeoutMax()), p.lateWindow().orElse(d.lateWindow()),
                    p.lossWindow().orElse(d.lossWindow()), p.rttWindow().orElse(d.rttWindow()),
                    p.slaRecoveryMargin().orElse(d.slaRecoveryMargin()),
                    p.slaMinSamples().orElse(Math.min(d.slaMinSamples(), p.lossWindow().orElse(d.lossWindow()))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyOf(e.getMessage()) + ": " + e.getMessage(), e);
        }
        Duration interval = settings.interval();
        if (interval.toMillis() < 1 || !interval.equals(Duration.ofMillis(interval.toMillis()))) {
            throw new IllegalArgumentException("mcw.telemetry.probe.interval is " + interval.toNanos() / 1e6
                    + " ms, expected a whole number of milliseconds, at least 1 (the probe timer's resolution)");
        }
        return settings;
    }

    /** The periodic publication interval, checked by the domain. */
    default Duration publicationInterval() {
        Duration interval = publishInterval().orElse(HealthPublishing.DEFAULT_INTERVAL);
        try {
            new HealthPublishing(interval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mcw.telemetry.publish-interval: " + e.getMessage(), e);
        }
        return interval;
    }

    /** {@code ProbeSettings.downAfter is 0, ...} -> {@code mcw.telemetry.probe.down-after}. */
    private static String keyOf(String domainMessage) {
        Matcher field = Pattern.compile("^ProbeSettings\\.(\\w+) ").matcher(domainMessage);
        if (!field.find()) {
            return "mcw.telemetry.probe";
        }
        return "mcw.telemetry.probe." + field.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** {@code mcw.telemetry.probe.*}; see {@link ProbeSettings} for what each means. */
    interface Probe {
        Optional<Duration> interval();

        Optional<Integer> downAfter();

        Optional<Integer> upAfter();

        Optional<Duration> lossTimeoutMin();

        Optional<Duration> lossTimeoutMax();

        Optional<Duration> lateWindow();

        Optional<Integer> lossWindow();

        Optional<Integer> rttWindow();

        Optional<Double> slaRecoveryMargin();

        /** Decided probes before a tunnel's SLA is judged (default 50: one second at the default interval). */
        Optional<Integer> slaMinSamples();
    }
}
