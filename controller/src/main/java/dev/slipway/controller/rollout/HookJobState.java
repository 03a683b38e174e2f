package dev.slipway.controller.rollout;

import java.time.Instant;

/** How one hook Job stands. */
public record HookJobState(Outcome outcome, Instant finishedAt, String message) {

    public enum Outcome {
        RUNNING, SUCCEEDED, FAILED,
        /** Created once (the status says so) and gone since: deleted by hand, never re-created. */
        MISSING
    }

    public static HookJobState running() {
        return new HookJobState(Outcome.RUNNING, null, null);
    }

    public static HookJobState missing() {
        return new HookJobState(Outcome.MISSING, null, null);
    }
}
