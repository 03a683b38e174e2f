package dev.slipway.controller.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps at second precision, as Kubernetes writes them. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Instant parse(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }
}
