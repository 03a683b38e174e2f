package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** The steps a rollout may take, in the order it takes them. */
public enum StepName {
    /** A rollback's first steps: the down command of each newer release's migration, newest first. */
    MIGRATE_DOWN("migrate-down"),
    PRE_HOOK("pre-hook"),
    SCALE_DOWN("scale-down"),
    MID_HOOK("mid-hook"),
    ROLLOUT("rollout"),
    POST_HOOK("post-hook");

    private final String value;

    StepName(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
