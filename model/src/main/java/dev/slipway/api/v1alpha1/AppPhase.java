package dev.slipway.api.v1alpha1;

/** Where an App stands, as a user would summarize it. */
public enum AppPhase {
    Pending,
    Building,
    Deploying,
    Ready,
    Failed
}
