package dev.slipway.api.v1alpha1;

/** Where one step of a rollout stands. */
public enum StepPhase {
    Pending,
    Running,
    Complete,
    Failed,
    Skipped
}
