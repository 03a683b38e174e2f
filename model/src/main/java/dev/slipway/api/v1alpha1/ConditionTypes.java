package dev.slipway.api.v1alpha1;

/**
 * The condition types of Slipway's resources, and the reasons read by more than the controller
 * that writes them: the API server, the console and the command line read the same names.
 */
public final class ConditionTypes {

    /** App: its serving release runs all its pods. Route: what carries it out is written. */
    public static final String READY = "Ready";
    /** App: a release is rolling out. Release: it is running (false once it ended, with the reason). */
    public static final String PROGRESSING = "Progressing";
    /** App: not as its spec asks (invalid config, a failed release, a refused write). */
    public static final String DEGRADED = "Degraded";
    /** App: after a rollback, triggers wait for the spec to change. */
    public static final String TRIGGERS_PAUSED = "TriggersPaused";
    /** App: whether its latest build completed. */
    public static final String BUILD_SUCCEEDED = "BuildSucceeded";
    /** Release and Build: how it ended. */
    public static final String SUCCEEDED = "Succeeded";
    /** Release: the earlier release it restored after failing. */
    public static final String ROLLED_BACK = "RolledBack";
    /** Release: the second person's decision. */
    public static final String APPROVED = "Approved";
    /** Release: a rollback forced across an irreversible migration, and by whom. */
    public static final String FORCED = "Forced";
    /** Release: failed, and undoing its own migration before the earlier release is restored. */
    public static final String ROLLING_BACK = "RollingBack";
    /** Route: whether it holds its host and path. */
    public static final String ADMITTED = "Admitted";

    /** The reason of the conditions and Events that tell a write the API server refused. */
    public static final String REASON_WRITE_REFUSED = "WriteRefused";

    private ConditionTypes() {
    }
}
