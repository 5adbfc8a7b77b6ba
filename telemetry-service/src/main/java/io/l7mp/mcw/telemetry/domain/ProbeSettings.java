package io.l7mp.mcw.telemetry.domain;

import java.math.BigDecimal;
import java.time.Duration;

import io.l7mp.mcw.api.probe.TunnelProbe;

/**
 * How the telemetry-service probes a tunnel and judges it (DESIGN D5). One set for every tunnel.
 *
 * <h2>The probe traffic the defaults mean</h2>
 * A probe every 20 ms is 50 probes/s per tunnel, and the peer gateway answers each with an echo of the same size: 50
 * datagrams/s in each direction. A probe is 40 bytes of UDP payload, so 2,000 B/s (16 kbit/s) of payload each way;
 * with the IPv4 and UDP headers (28 bytes) 68 bytes a datagram, 3,400 B/s (27.2 kbit/s) each way (4,400 B/s with
 * IPv6). A cluster probes every tunnel of every other cluster that exports something: with 3 peer clusters of 2
 * tunnels each, 6 tunnels, about 20 kB/s sent and 20 kB/s received.
 * <p>
 * With these defaults a cut tunnel is called DOWN about {@code lossTimeout + (downAfter - 1) * interval} after the
 * first lost probe left (180 ms on a fast tunnel), and UP again about {@code upAfter * interval} plus one round trip
 * after it heals. The loss percentage covers the last 500 decided probes (10 s), the p99 the last 250 round trips
 * (5 s); a probe is lost for good only when its late window (2 s) has passed, so the loss figure follows a cut about
 * 2 s behind the DOWN state.
 *
 * @param interval time between two probes of one tunnel
 * @param downAfter probes timed out in a row that make the tunnel DOWN
 * @param upAfter probes answered in a row that take a tunnel out of DOWN
 * @param lossTimeoutMin lower clamp of the loss timeout ({@code srtt + 4 * rttvar}, RFC 6298), and the timeout used
 *        before the tunnel answered anything
 * @param lossTimeoutMax upper clamp of the loss timeout
 * @param lateWindow how long after sending a probe its echo is still accepted; a probe unanswered by then is lost
 *        for good (counted in the loss percentage)
 * @param lossWindow how many of the last decided probes (answered, or lost for good) the loss percentage is taken
 *        over
 * @param rttWindow how many of the last round-trip times the p99 is taken over
 * @param slaRecoveryMargin fraction by which a policy whose SLA was broken must beat each bound before it counts as
 *        met again ({@code 0.1}: latency at most 90 ms for a 100 ms bound)
 * @param slaMinSamples decided probes a tunnel's figures must rest on before its SLA is judged: until then an
 *        answering tunnel is UP and meets every SLA (the benefit of the doubt an unknown one gets), so that the first
 *        round trips of a starting gateway or prober (a cold JIT, a loaded machine) do not fail traffic over
 */
public record ProbeSettings(Duration interval, int downAfter, int upAfter, Duration lossTimeoutMin,
        Duration lossTimeoutMax, Duration lateWindow, int lossWindow, int rttWindow, double slaRecoveryMargin,
        int slaMinSamples) {

    /** Largest loss or RTT window: each is a ring buffer per tunnel. */
    public static final int MAX_WINDOW = 100_000;

    public static final ProbeSettings DEFAULTS = new ProbeSettings(Duration.ofMillis(20), 5, 3, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(2), 500, 250, 0.1, 50);

    public ProbeSettings {
        positive(interval, "interval");
        atLeastOne(downAfter, "downAfter");
        atLeastOne(upAfter, "upAfter");
        positive(lossTimeoutMin, "lossTimeoutMin");
        positive(lossTimeoutMax, "lossTimeoutMax");
        positive(lateWindow, "lateWindow");
        if (lossTimeoutMax.compareTo(lossTimeoutMin) < 0) {
            throw invalid("lossTimeoutMax", describe(lossTimeoutMax),
                    "at least lossTimeoutMin (" + describe(lossTimeoutMin) + ")");
        }
        if (lateWindow.compareTo(lossTimeoutMax) < 0) {
            throw invalid("lateWindow", describe(lateWindow),
                    "at least lossTimeoutMax (" + describe(lossTimeoutMax) + "): a probe must time out before it is"
                            + " lost for good");
        }
        window(lossWindow, "lossWindow");
        window(rttWindow, "rttWindow");
        if (!(slaRecoveryMargin >= 0 && slaRecoveryMargin < 1)) {
            throw invalid("slaRecoveryMargin", String.valueOf(slaRecoveryMargin), "a fraction 0 <= margin < 1");
        }
        if (slaMinSamples < 0 || slaMinSamples > lossWindow) {
            throw invalid("slaMinSamples", String.valueOf(slaMinSamples),
                    "0 to lossWindow (" + lossWindow + "): the figures never rest on more probes than that");
        }
    }

    /** Settings that judge the SLA from the first decided probe on. */
    public ProbeSettings(Duration interval, int downAfter, int upAfter, Duration lossTimeoutMin,
            Duration lossTimeoutMax, Duration lateWindow, int lossWindow, int rttWindow, double slaRecoveryMargin) {
        this(interval, downAfter, upAfter, lossTimeoutMin, lossTimeoutMax, lateWindow, lossWindow, rttWindow,
                slaRecoveryMargin, 0);
    }

    /** Probes sent per second to one tunnel; the peer sends as many echoes back. */
    public double probesPerSecond() {
        return 1e9 / interval.toNanos();
    }

    /** UDP payload bytes per second sent to one tunnel, and received back from it. */
    public double payloadBytesPerSecond() {
        return probesPerSecond() * TunnelProbe.SIZE;
    }

    public long intervalNanos() {
        return interval.toNanos();
    }

    public long lossTimeoutMinNanos() {
        return lossTimeoutMin.toNanos();
    }

    public long lossTimeoutMaxNanos() {
        return lossTimeoutMax.toNanos();
    }

    public long lateWindowNanos() {
        return lateWindow.toNanos();
    }

    private static void positive(Duration value, String field) {
        if (value == null) {
            throw invalid(field, "missing", "a positive duration");
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(field, describe(value), "a positive duration");
        }
    }

    private static void atLeastOne(int value, String field) {
        if (value < 1) {
            throw invalid(field, String.valueOf(value), "at least 1");
        }
    }

    private static void window(int value, String field) {
        if (value < 1 || value > MAX_WINDOW) {
            throw invalid(field, String.valueOf(value), "1-" + MAX_WINDOW + " samples");
        }
    }

    private static IllegalArgumentException invalid(String field, String value, String expected) {
        return new IllegalArgumentException("ProbeSettings." + field + " is " + value + ", expected " + expected);
    }

    /** {@code 20 ms}, {@code 0.5 ms}, {@code -1000 ms}: durations as an operator writes them. */
    static String describe(Duration value) {
        return BigDecimal.valueOf(value.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms";
    }
}
