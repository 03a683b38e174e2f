package dev.slipway.controller.rollout;

import dev.slipway.api.v1alpha1.ReleaseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one decision: at most one action, the release's next status, when to look again
 * without an event, and what to tell users as Events.
 */
public record Decision(Action action, ReleaseStatus status, Optional<Duration> requeueAfter, List<Note> notes) {

    /** An Event to record: CamelCase reason, message, and whether it is a warning. */
    public record Note(String reason, String message, boolean warning) {
    }
}
