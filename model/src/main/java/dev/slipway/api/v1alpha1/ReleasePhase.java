package dev.slipway.api.v1alpha1;

/** Where a release stands; every phase but Pending and Running is final. */
public enum ReleasePhase {
    Pending,
    Running,
    Complete,
    Failed,
    RolledBack,
    Superseded,
    Cancelled
}
