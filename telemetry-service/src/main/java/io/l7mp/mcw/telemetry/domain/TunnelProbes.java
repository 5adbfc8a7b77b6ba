package io.l7mp.mcw.telemetry.domain;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.probe.TunnelProbe;

/**
 * The probes of one tunnel: makes them, matches their echoes, and turns both into figures and the runs the classifier
 * needs.
 * <p>
 * Time is the caller's monotonic clock in nanoseconds ({@code System.nanoTime()}); it must never go backwards between
 * calls. Each call first settles what is due at {@code nowNanos} (timeouts, then probes whose late window passed), so
 * the outcome does not depend on how often {@link #tick} runs; call it at least once per probe interval all the same,
 * or timeouts are noticed late. Not thread-safe: one thread (the event loop that owns the tunnel's socket) calls
 * everything.
 * <p>
 * A probe is <em>timed out</em> when unanswered for its loss timeout (RFC 6298 RTO at the time it was sent, clamped
 * to the settings' bounds): that feeds the run of timeouts that makes a tunnel DOWN. It is <em>lost</em> when still
 * unanswered at the end of its late window: that feeds the loss percentage. An echo after the timeout but within the
 * late window is a late answer: an RTT sample, an answered probe, and the end of the timeout run. Echoes are matched
 * to their own probe by sequence number (and send time), so reordering does not mix up round-trip times; duplicates
 * and strangers are counted and otherwise ignored. At most {@code lateWindow / interval} probes are in flight.
 */
public final class TunnelProbes {
    private final ProbeSettings settings;
    private final long firstSequence;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final Map<Long, InFlight> bySequence = new HashMap<>();
    private final RttEstimator rtt;
    private final JitterEstimator jitter = new JitterEstimator();
    private final LossWindow loss;

    private long nextSequence;
    private boolean started;
    private long lastNanos;
    private int timedOutRun;
    private int answeredRun;
    private boolean everAnswered;
    private boolean inOutage;
    private long sent;
    private long answered;
    private long late;
    private long timedOut;
    private long lost;
    private long duplicates;
    private long tooLate;
    private long unknown;

    /**
     * @param firstSequence the sequence number of the first probe; later ones count up by one. Choose it so that a
     *        restarted process does not reuse recent numbers (e.g. from the wall clock in microseconds).
     */
    public TunnelProbes(ProbeSettings settings, long firstSequence) {
        if (settings == null) {
            throw new IllegalArgumentException("TunnelProbes settings are missing");
        }
        this.settings = settings;
        this.firstSequence = firstSequence;
        this.nextSequence = firstSequence;
        this.rtt = new RttEstimator(settings.rttWindow());
        this.loss = new LossWindow(settings.lossWindow());
    }

    /** The probe to send now; its send time is {@code nowNanos}. */
    public TunnelProbe nextProbe(long nowNanos) {
        settle(nowNanos);
        long timeout = lossTimeoutNanos();
        InFlight probe = new InFlight(nextSequence++, nowNanos, timeout);
        inFlight.addLast(probe);
        bySequence.put(probe.sequence, probe);
        sent++;
        return TunnelProbe.probe(probe.sequence, nowNanos);
    }

    /** Takes an echo that arrived at {@code nowNanos}. */
    public EchoOutcome onEcho(TunnelProbe echo, long nowNanos) {
        settle(nowNanos);
        InFlight probe = echo.type() == TunnelProbe.Type.ECHO ? bySequence.get(echo.sequence()) : null;
        if (probe == null || probe.sentNanos != echo.senderTimeNanos()) {
            return stranger(echo);
        }
        if (probe.answered) {
            duplicates++;
            return EchoOutcome.DUPLICATE;
        }
        probe.answered = true;
        if (inOutage) {
            endOutage(probe);
        }
        long roundTrip = nowNanos - probe.sentNanos;
        rtt.add(roundTrip);
        jitter.add(roundTrip);
        loss.answered();
        answered++;
        everAnswered = true;
        timedOutRun = 0;
        answeredRun++;
        if (probe.timedOut) {
            late++;
            return EchoOutcome.LATE;
        }
        return EchoOutcome.ON_TIME;
    }

    /** Settles what is due at {@code nowNanos}: probes reaching their loss timeout, probes lost for good. */
    public void tick(long nowNanos) {
        settle(nowNanos);
    }

    /** The loss timeout a probe sent now would get, in nanoseconds. */
    public long lossTimeoutNanos() {
        return rtt.lossTimeoutNanos(settings.lossTimeoutMinNanos(), settings.lossTimeoutMaxNanos());
    }

    /** RTT (SRTT and p99), jitter and loss in milliseconds / percent; {@code samples} is the decided probes. */
    public TunnelFigures figures() {
        return new TunnelFigures(rtt.srttNanos() / 1e6, rtt.p99Nanos() / 1e6, jitter.jitterNanos() / 1e6,
                loss.lossPercent(), loss.decided());
    }

    /** The figures and the runs {@link TunnelHealth} classifies on. */
    public ProbeStatus status() {
        return new ProbeStatus(figures(), timedOutRun, answeredRun, everAnswered);
    }

    public ProbeCounters counters() {
        return new ProbeCounters(sent, answered, late, timedOut, lost, duplicates, tooLate, unknown);
    }

    /** Probes sent whose late window has not passed yet, answered or not. */
    public int inFlight() {
        return inFlight.size();
    }

    private EchoOutcome stranger(TunnelProbe echo) {
        boolean ours = echo.type() == TunnelProbe.Type.ECHO && echo.sequence() - firstSequence >= 0
                && echo.sequence() - nextSequence < 0 && !bySequence.containsKey(echo.sequence());
        if (ours) {
            tooLate++;
            return EchoOutcome.TOO_LATE;
        }
        unknown++;
        return EchoOutcome.UNKNOWN;
    }

    private void settle(long nowNanos) {
        if (started && nowNanos - lastNanos < 0) {
            throw new IllegalArgumentException("time went backwards: " + nowNanos + " ns after " + lastNanos
                    + " ns, expected a monotonic clock (System.nanoTime())");
        }
        started = true;
        lastNanos = nowNanos;
        timeOut(nowNanos);
        forget(nowNanos);
    }

    private void timeOut(long nowNanos) {
        for (InFlight probe : inFlight) {
            if (!probe.answered && !probe.timedOut && nowNanos - probe.sentNanos >= probe.timeoutNanos) {
                probe.timedOut = true;
                timedOut++;
                timedOutRun++;
                answeredRun = 0;
                if (timedOutRun >= settings.downAfter()) {
                    markOutage();
                }
            }
        }
    }

    /**
     * The probes of a run of timeouts long enough to make the tunnel DOWN are an outage, which the state reports: they
     * do not count in the loss percentage, so a tunnel that comes back is judged on its loss since, and fails back
     * after the hold-down instead of after the loss window has forgotten the outage too.
     */
    private void markOutage() {
        inOutage = true;
        // the run: the timed-out probes since the last answered one
        Iterator<InFlight> newestFirst = inFlight.descendingIterator();
        while (newestFirst.hasNext()) {
            InFlight probe = newestFirst.next();
            if (probe.answered) {
                return;
            }
            if (probe.timedOut) {
                probe.outage = true;
            }
        }
    }

    /**
     * The first answer after an outage: the probes sent between the last answered one and it were sent into the
     * outage, also those whose timeout had not fired yet.
     */
    private void endOutage(InFlight answer) {
        inOutage = false;
        Iterator<InFlight> newestFirst = inFlight.descendingIterator();
        while (newestFirst.hasNext()) {
            InFlight probe = newestFirst.next();
            if (probe == answer || probe.sentNanos - answer.sentNanos >= 0) {
                continue;
            }
            if (probe.answered) {
                return;
            }
            probe.outage = true;
        }
    }

    private void forget(long nowNanos) {
        long lateWindow = settings.lateWindowNanos();
        Iterator<InFlight> oldestFirst = inFlight.iterator();
        while (oldestFirst.hasNext()) {
            InFlight probe = oldestFirst.next();
            if (nowNanos - probe.sentNanos < lateWindow) {
                return;
            }
            oldestFirst.remove();
            bySequence.remove(probe.sequence);
            if (!probe.answered) {
                lost++;
                if (!probe.outage) {
                    loss.lost();
                }
            }
        }
    }

    private static final class InFlight {
        final long sequence;
        final long sentNanos;
        final long timeoutNanos;
        boolean answered;
        boolean timedOut;
        /** Timed out in a run that made the tunnel DOWN: not counted as loss. */
        boolean outage;

        InFlight(long sequence, long sentNanos, long timeoutNanos) {
            this.sequence = sequence;
            this.sentNanos = sentNanos;
            this.timeoutNanos = timeoutNanos;
        }
    }
}
