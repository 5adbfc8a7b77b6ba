package io.l7mp.mcw.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** The {@code [sandbox] ...} lines a person watching the start-up reads. */
final class Progress {

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        out.println("[sandbox] " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Starts a step whose outcome is printed on the same line, e.g. {@code starting kafka ... ready at X (3.8 s)}. */
    Step begin(String what) {
        out.print("[sandbox] " + what + " ... ");
        out.flush();
        return new Step(System.nanoTime());
    }

    /** {@code 3.8 s}. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** A step in progress. */
    final class Step {
        private final long startNanos;

        private Step(long startNanos) {
            this.startNanos = startNanos;
        }

        void done(String outcome) {
            out.println(outcome + " (" + seconds(Duration.ofNanos(System.nanoTime() - startNanos)) + ")");
            out.flush();
        }

        void failed() {
            out.println("failed");
            out.flush();
        }
    }
}
