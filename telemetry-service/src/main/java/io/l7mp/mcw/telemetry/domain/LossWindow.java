package io.l7mp.mcw.telemetry.domain;

/**
 * The fate of the last {@code window} decided probes of one tunnel, in the order they were decided: answered (on time
 * or late), or lost for good (its late window passed). Not thread-safe: one thread owns it.
 */
public final class LossWindow {
    private final boolean[] lost;
    private int count;
    private int next;
    private int lostInWindow;

    public LossWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("LossWindow window is " + window + ", expected at least 1 probe");
        }
        this.lost = new boolean[window];
    }

    public void answered() {
        record(false);
    }

    public void lost() {
        record(true);
    }

    private void record(boolean wasLost) {
        if (count == lost.length && lost[next]) {
            lostInWindow--;
        }
        lost[next] = wasLost;
        if (wasLost) {
            lostInWindow++;
        }
        next = (next + 1) % lost.length;
        count = Math.min(count + 1, lost.length);
    }

    /** Decided probes in the window (at most its size). */
    public int decided() {
        return count;
    }

    /** Lost probes in the window. */
    public int lostCount() {
        return lostInWindow;
    }

    /** {@code lost / decided * 100}; 0 when nothing was decided yet. */
    public double lossPercent() {
        return count == 0 ? 0 : lostInWindow * 100.0 / count;
    }
}
