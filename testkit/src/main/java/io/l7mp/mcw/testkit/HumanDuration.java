package io.l7mp.mcw.testkit;

import java.time.Duration;

/** An age as {@code kubectl get} shows it: {@code 45s}, {@code 5m30s}, {@code 95m}, {@code 5h30m}, {@code 12d}. */
final class HumanDuration {

    private HumanDuration() {
    }

    static String of(Duration age) {
        long seconds = age.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 120) {
            return Math.max(seconds, 0) + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return withRest(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return withRest(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (hours < 24 * 8) {
            return withRest(days, "d", hours % 24, "h");
        }
        if (days < 365 * 2) {
            return days + "d";
        }
        if (days < 365 * 8) {
            return withRest(days / 365, "y", days % 365, "d");
        }
        return days / 365 + "y";
    }

    private static String withRest(long whole, String unit, long rest, String restUnit) {
        return rest == 0 ? whole + unit : whole + unit + rest + restUnit;
    }
}
