package io.l7mp.mcw.telemetry.domain;

/**
 * Totals of one tunnel's probes since its {@link TunnelProbes} was made, for metrics.
 *
 * @param answered echoes taken as answers, late ones included
 * @param late answers that came after the loss timeout
 * @param timedOut probes that reached their loss timeout unanswered (some are answered late afterwards)
 * @param lost probes lost for good: unanswered when their late window passed
 */
public record ProbeCounters(long sent, long answered, long late, long timedOut, long lost, long duplicates,
        long tooLate, long unknown) {
}
