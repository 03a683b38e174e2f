package dev.slipway.apiserver.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times as the console shows them: RFC 3339 stamps in, short durations out ("1m 05s"). */
final class Durations {

    private Durations() {
    }

    static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** From {@code start} to {@code end}, or to {@code now} while it runs; empty when it has not started. */
    static String between(String start, String end, Instant now) {
        Instant from = parse(start);
        if (from == null) {
            return "";
        }
        Instant to = parse(end);
        return format(Duration.between(from, to == null ? now : to));
    }

    static String format(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
